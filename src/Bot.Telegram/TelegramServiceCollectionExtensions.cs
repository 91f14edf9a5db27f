using Bot.Core.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Bot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Telegram</c> options alone, bound and validated at start: the command-line verbs register them without
    /// the adapter, so a bad value stops them too.
    /// </summary>
    public static IServiceCollection AddTelegramOptions(this IServiceCollection services)
    {
        services.AddOptions<TelegramOptions>()
            .BindConfiguration(TelegramOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Registers the Telegram adapter. It is on when <c>Telegram:Token</c> is non-empty; options are read when the
    /// services are resolved, so configuration added after this call (tests, command line) is seen.
    /// </summary>
    public static IServiceCollection AddTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddTelegramOptions();

        // The token is part of every request path: the factory's request logging would write it at Information.
        services.AddHttpClient(TelegramConstants.HttpClientName).RemoveAllLoggers();

        services.TryAddSingleton(TimeProvider.System);
        Bot.Core.CoreServiceCollectionExtensions.AddInbox(services);
        services.TryAddSingleton(Random.Shared);
        services.TryAddSingleton<TelegramStatus>();
        services.TryAddSingleton<ITelegramBotClient>(CreateClient);
        services.TryAddSingleton<SendPacer>();
        services.TryAddSingleton<TelegramChatMigrator>();
        services.TryAddSingleton<TelegramSender>();
        services.TryAddSingleton<TelegramAdminCheck>();
        services.TryAddSingleton<TelegramUpdateHandler>();
        services.TryAddSingleton<TelegramUpdateDispatcher>();
        services.AddHostedService<TelegramService>();
        services.AddReadinessCheck<TelegramHealthCheck>("telegram");
        return services;
    }

    /// <summary>Maps the adapter's HTTP handlers on the host's server: <c>POST /telegram/webhook</c>.</summary>
    public static IEndpointRouteBuilder MapTelegram(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(TelegramWebhookEndpoint.Route, TelegramWebhookEndpoint.HandleAsync);
        return endpoints;
    }

    private static TelegramBotClient CreateClient(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (!options.Enabled || !TelegramOptionsValidator.TryParseBaseUrl(options.BaseUrl, out var baseUrl))
        {
            throw new InvalidOperationException("Telegram is off or Telegram:BaseUrl is invalid: the Bot API client cannot be created.");
        }

        var http = services.GetRequiredService<IHttpClientFactory>().CreateClient(TelegramConstants.HttpClientName);

        // The long poll waits PollTimeoutSeconds on the server: the client waits that plus a normal request's time.
        http.Timeout = TimeSpan.FromSeconds(options.PollTimeoutSeconds + options.RequestTimeoutSeconds);
        var clientOptions = new TelegramBotClientOptions(options.Token!.Trim(), baseUrl.AbsoluteUri.TrimEnd('/'))
        {
            // 429s are ours to honour (per-chat pacing); the library must not sleep inside a call.
            RetryThreshold = 0,
        };
        return new TelegramBotClient(clientOptions, http);
    }
}
