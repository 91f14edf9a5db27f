using System.Collections.Concurrent;
using Bot.Testing;
using Bot.Testing.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Telegram;

/// <summary>The real bot host (Bot.Host, real engine, knowledge folder) configured only through its keys to talk to the fake Bot API.</summary>
internal sealed class TelegramHost : IAsyncDisposable
{
    private TelegramHost(WebApplication app) => App = app;

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>The HTTP server's address when <c>Http:Urls</c> was set.</summary>
    public string Url { get; private set; } = string.Empty;

    public static Dictionary<string, string?> Settings(FakeTelegramServer fake, string knowledgePath, string storagePath) => new()
    {
        ["Knowledge:Path"] = knowledgePath,
        ["Storage:Path"] = storagePath,
        ["Telegram:Token"] = fake.Token,
        ["Telegram:BaseUrl"] = fake.BaseUrl,
        ["Telegram:PollTimeoutSeconds"] = "5",
        ["Telegram:PerChatIntervalMilliseconds"] = "0",
        ["Telegram:RetryBaseDelayMilliseconds"] = "10",
        ["Telegram:RetryMaxDelayMilliseconds"] = "100",
        ["Logging:LogLevel:Default"] = "Debug",
    };

    public static async Task<TelegramHost> StartAsync(
        FakeTelegramServer fake,
        string knowledgePath,
        string storagePath,
        Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null,
        ILoggerProvider? logs = null)
    {
        var settings = Settings(fake, knowledgePath, storagePath);
        configure?.Invoke(settings);
        var builder = BotHost.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        services?.Invoke(builder.Services);
        var app = BotHost.Build(builder);
        var host = new TelegramHost(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        if (!string.IsNullOrEmpty(settings.GetValueOrDefault("Http:Urls")))
        {
            host.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await App.StopAsync(stop.Token);
        await App.DisposeAsync();
    }
}

/// <summary>One copy of the repository's knowledge folder for a test class.</summary>
public sealed class KnowledgeCopy : IDisposable
{
    public TempKnowledgeFolder Folder { get; } = TempKnowledgeFolder.CopyOf(RepositoryPaths.Knowledge);

    public string Path => Folder.Root;

    public void Dispose() => Folder.Dispose();
}

/// <summary>Keeps every log line, whatever its level and category.</summary>
internal sealed class AllLinesLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(AllLinesLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            owner.Lines.Enqueue((LogLevel.None, category, "scope " + state));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception) + (exception is null ? string.Empty : " " + exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                text += " " + string.Join(' ', pairs.Select(p => p.Key + "=" + p.Value));
            }

            owner.Lines.Enqueue((logLevel, category, text));
        }
    }
}
