using Bot.Core.Engine;
using Bot.Core.Stores;
using Bot.Testing.FakeDiscord;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Tests.Support;

/// <summary>The Discord adapter in a small web host of its own, pointed at a fake Discord server, with a fake engine.</summary>
internal sealed class DiscordTestHost : IAsyncDisposable
{
    private DiscordTestHost(WebApplication app, FakeEngine engine, LogCapture logs)
    {
        App = app;
        Engine = engine;
        Logs = logs;
    }

    public WebApplication App { get; }

    public FakeEngine Engine { get; }

    public LogCapture Logs { get; }

    public Uri InteractionsEndpoint => new(App.Urls.First().TrimEnd('/') + "/discord/interactions");

    /// <summary>Fast timings so reconnects and invalid sessions do not slow the suite.</summary>
    public static Dictionary<string, string?> FastTimings => new()
    {
        ["Discord:ReconnectBaseDelaySeconds"] = "0.05",
        ["Discord:ReconnectMaxDelaySeconds"] = "0.5",
        ["Discord:InvalidSessionMinDelaySeconds"] = "0.05",
        ["Discord:InvalidSessionMaxDelaySeconds"] = "0.1",
        ["Discord:IdentifyWindowSeconds"] = "0",
        ["Discord:TypingIntervalSeconds"] = "1",
    };

    public static WebApplication Build(FakeDiscordServer server, FakeEngine engine, LogCapture logs, IDictionary<string, string?>? extra = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        var settings = server.BotConfiguration();
        foreach (var (k, v) in FastTimings)
        {
            settings[k] = v;
        }

        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IBotEngine>(engine);
        builder.Services.AddSingleton<IProcessedUpdateStore, MemoryProcessedUpdates>();
        builder.Services.AddDiscord(builder.Configuration);
        var app = builder.Build();
        app.MapDiscord();
        return app;
    }

    public static async Task<DiscordTestHost> StartAsync(FakeDiscordServer server, IDictionary<string, string?>? extra = null, FakeEngine? engine = null)
    {
        var logs = new LogCapture();
        engine ??= new FakeEngine();
        var app = Build(server, engine, logs, extra);
        await app.StartAsync();
        return new DiscordTestHost(app, engine, logs);
    }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }
}
