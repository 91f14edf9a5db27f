using Bot.Core.Diagnostics;
using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Bot.Discord.Messages;
using Bot.Discord.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>The HTTP client name; its default request logging is removed (URLs carry interaction tokens).</summary>
    internal const string HttpClientName = "Bot.Discord";

    /// <summary>
    /// The <c>Discord</c> options alone, bound and validated at start: the command-line verbs register them without
    /// the adapter, so a bad value stops them too.
    /// </summary>
    public static IServiceCollection AddDiscordOptions(this IServiceCollection services)
    {
        services.AddOptions<DiscordOptions>()
            .BindConfiguration(DiscordOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<DiscordOptions>, DiscordOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Registers the Discord adapter. Options are read when resolved, so configuration added before the host is
    /// built is seen. It is on when <c>Discord:Token</c> is non-empty; the HTTP interactions endpoint answers
    /// when <c>Discord:PublicKey</c> is set.
    /// </summary>
    public static IServiceCollection AddDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddDiscordOptions();

        services.TryAddSingleton(TimeProvider.System);
        Bot.Core.CoreServiceCollectionExtensions.AddInbox(services);
        services.TryAddSingleton(sp => new DiscordRandom(sp.GetService<Random>() ?? Random.Shared));
        services.TryAddSingleton<IGatewayTransportFactory, WebSocketTransportFactory>();

        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient((sp, http) => DiscordRestClient.Configure(http, sp.GetRequiredService<IOptions<DiscordOptions>>().Value))
            .RemoveAllLoggers();

        services.TryAddSingleton<DiscordRateLimiter>();
        services.TryAddSingleton<DiscordAuthState>();
        services.TryAddSingleton<DiscordRestClient>();
        services.TryAddSingleton<DiscordBotState>();
        services.TryAddSingleton<DiscordFatalError>();
        services.TryAddSingleton<DiscordMessageHandler>();
        services.TryAddSingleton<DiscordInteractionHandler>();
        services.TryAddSingleton<DiscordCommandRegistrar>();
        services.TryAddSingleton<DiscordEventRouter>();
        services.TryAddSingleton<HttpInteractionsEndpoint>();
        services.TryAddSingleton<DiscordGatewayService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<DiscordGatewayService>());
        services.AddReadinessCheck<DiscordHealthCheck>(DiscordHealthCheck.Name);
        return services;
    }

    /// <summary>Maps <c>POST /discord/interactions</c> on the host's server.</summary>
    public static IEndpointRouteBuilder MapDiscord(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/discord/interactions", (HttpContext context, HttpInteractionsEndpoint endpoint) => endpoint.HandleAsync(context));
        return endpoints;
    }
}
