using Bot.Core.Engine;
using Bot.Core.Stores;
using Bot.Testing.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Telegram.Tests;

/// <summary>
/// The Telegram adapter alone in a small web host, talking over HTTP to the fake Bot API through the real client,
/// with a fake engine and recording stores. (End-to-end tests through Bot.Host and the real engine are in Bot.Host.Tests.)
/// </summary>
internal sealed class AdapterHost : IAsyncDisposable
{
    private AdapterHost(WebApplication app, FakeBotEngine engine)
    {
        App = app;
        Engine = engine;
    }

    public WebApplication App { get; }

    public FakeBotEngine Engine { get; }

    public string Url { get; private set; } = string.Empty;

    public IServiceProvider Services => App.Services;

    public static Dictionary<string, string?> Settings(FakeTelegramServer fake) => new()
    {
        ["Telegram:Token"] = fake.Token,
        ["Telegram:BaseUrl"] = fake.BaseUrl,
        ["Telegram:PollTimeoutSeconds"] = "5",
        ["Telegram:PerChatIntervalMilliseconds"] = "0",
        ["Telegram:RetryBaseDelayMilliseconds"] = "10",
        ["Telegram:RetryMaxDelayMilliseconds"] = "100",
        ["Telegram:TypingIntervalMilliseconds"] = "500",
        ["Http:Urls"] = "http://127.0.0.1:0",
    };

    public static WebApplicationBuilder CreateBuilder(
        Dictionary<string, string?> settings,
        FakeBotEngine engine,
        IProcessedUpdateStore? processed = null,
        CollectingLoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IBotEngine>(engine);
        builder.Services.AddSingleton(processed ?? new MemoryProcessedUpdateStore());
        builder.Services.AddSingleton<IAnswerStore, RecordingAnswerStore>();
        builder.Services.AddSingleton<IChannelSettingsStore, RecordingSettingsStore>();
        services?.Invoke(builder.Services);
        builder.Services.AddTelegram(builder.Configuration);
        return builder;
    }

    public static async Task<AdapterHost> StartAsync(
        FakeTelegramServer fake,
        Action<Dictionary<string, string?>>? configure = null,
        FakeBotEngine? engine = null,
        IProcessedUpdateStore? processed = null,
        CollectingLoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(fake);
        var settings = Settings(fake);
        configure?.Invoke(settings);
        engine ??= new FakeBotEngine();
        var app = CreateBuilder(settings, engine, processed, logs, services).Build();
        app.MapTelegram();
        var host = new AdapterHost(app, engine);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        host.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return host;
    }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
    }
}
