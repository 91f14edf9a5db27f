using Bot.Host;
using Bot.Testing.FakeDiscord;
using Bot.Testing.FakeOpenAi;
using Bot.Testing.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bot.Testing;

/// <summary>
/// The real bot host (<c>BotHost</c>: real engine, stores and adapters) for end-to-end tests, configured only through
/// its documented keys. Build one with <see cref="Create"/>:
/// <code>
/// await using var host = await BotTestHost.Create()
///     .WithTelegram(fakeTelegram)          // or .WithDiscord(fakeDiscord), .WithModel(fakeOpenAi)
///     .WithSqlite(path)                    // or .WithPostgres(cs), .WithMemoryStorage(); default: a fresh SQLite file of its own, deleted on dispose
///     .With("Bot:MaxAnswerChars", "900")   // any configuration key
///     .StartAsync();
/// host.Logs.All.ShouldContain("...");     // every log line, at Debug and above (Trace with .WithLogLevel)
/// </code>
/// Defaults: the repository's knowledge folder, no HTTP server (<see cref="Builder.WithHttp"/> listens on a free loopback
/// port), platforms included (off unless a fake is given), console logging replaced by <see cref="Logs"/>.
/// <see cref="Builder.CommandLine"/> gives the same configuration as arguments for the real program in a child process.
/// </summary>
public sealed class BotTestHost : IAsyncDisposable
{
    private readonly string? _ownData;
    private Uri? _address;
    private HttpClient? _http;

    private BotTestHost(WebApplication app, LogCapture logs, string? ownData)
    {
        App = app;
        Logs = logs;
        _ownData = ownData;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Every log line the host wrote (see <see cref="Builder.WithLogLevel"/>).</summary>
    public LogCapture Logs { get; }

    /// <summary>The HTTP server's address, ending in '/' (only with <see cref="Builder.WithHttp"/>).</summary>
    public Uri Address => _address ?? throw new InvalidOperationException("The host has no HTTP server: call WithHttp().");

    /// <summary>A client for <see cref="Address"/>.</summary>
    public HttpClient Http => _http ??= new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A new builder with the defaults described on <see cref="BotTestHost"/>.</summary>
    public static Builder Create() => new();

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            try
            {
                await App.StopAsync(stop.Token);
            }
            catch (ObjectDisposedException)
            {
                // Stopped and disposed by the test already.
            }
        }

        await App.DisposeAsync();
        if (_ownData is not null)
        {
            DeleteFolder(_ownData);
        }
    }

    /// <summary>Deletes a temp folder; SQLite may hold its file for a moment, and the OS cleans temp anyway.</summary>
    public static void DeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Collects what the host is configured with; <see cref="StartAsync"/> builds and starts it.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<Action<WebApplicationBuilder>> _configure = [];
        private readonly List<ILoggerProvider> _loggers = [];
        private bool _includePlatforms = true;
        private bool _storageGiven;
        private LogLevel _logLevel = LogLevel.Debug;

        internal Builder()
        {
            _settings["Knowledge:Path"] = RepositoryPaths.Knowledge;
        }

        /// <summary>The configuration the host gets (before <see cref="StartAsync"/> adds its own SQLite file if none was given).</summary>
        public IReadOnlyDictionary<string, string?> Settings => _settings;

        /// <summary>The knowledge folder (default: the repository's <c>knowledge/</c>).</summary>
        public Builder WithKnowledge(string path) => With("Knowledge:Path", path);

        /// <summary>Sets one configuration key (e.g. <c>"Telegram:MaxConcurrentChats"</c>); null removes a value set before.</summary>
        public Builder With(string key, string? value)
        {
            _settings[key] = value;
            return this;
        }

        /// <summary>Sets several configuration keys.</summary>
        public Builder With(IEnumerable<KeyValuePair<string, string?>> settings)
        {
            ArgumentNullException.ThrowIfNull(settings);
            foreach (var (key, value) in settings)
            {
                _settings[key] = value;
            }

            return this;
        }

        /// <summary>State in this SQLite file (kept after dispose: reuse the path to restart on the same state).</summary>
        public Builder WithSqlite(string path)
        {
            _storageGiven = true;
            return With("Storage:Provider", "Sqlite").With("Storage:Path", path);
        }

        /// <summary>State in this PostgreSQL database.</summary>
        public Builder WithPostgres(string connectionString)
        {
            _storageGiven = true;
            return With("Storage:Provider", "Postgres").With("Storage:ConnectionString", connectionString);
        }

        /// <summary>State in memory only (<c>Storage:Provider=Memory</c>): nothing survives the host.</summary>
        public Builder WithMemoryStorage()
        {
            _storageGiven = true;
            return With("Storage:Provider", "Memory");
        }

        /// <summary>Telegram long polling (or webhook, by key) against the fake Bot API, with short delays for tests.</summary>
        public Builder WithTelegram(FakeTelegramServer fake)
        {
            ArgumentNullException.ThrowIfNull(fake);
            return With("Telegram:Token", fake.Token)
                .With("Telegram:BaseUrl", fake.BaseUrl)
                .With("Telegram:PollTimeoutSeconds", "5")
                .With("Telegram:PerChatIntervalMilliseconds", "0")
                .With("Telegram:RetryBaseDelayMilliseconds", "10")
                .With("Telegram:RetryMaxDelayMilliseconds", "100");
        }

        /// <summary>The Discord gateway and REST API of the fake, with short reconnect delays for tests.</summary>
        public Builder WithDiscord(FakeDiscordServer fake)
        {
            ArgumentNullException.ThrowIfNull(fake);
            return With(fake.BotConfiguration())
                .With("Discord:ReconnectBaseDelaySeconds", "0.05")
                .With("Discord:InvalidSessionMinDelaySeconds", "0.05")
                .With("Discord:InvalidSessionMaxDelaySeconds", "0.1")
                .With("Discord:IdentifyWindowSeconds", "0");
        }

        /// <summary>Model mode against the fake model server; with <paramref name="embeddings"/> also its embeddings.</summary>
        public Builder WithModel(FakeOpenAiServer fake, bool embeddings = false)
        {
            ArgumentNullException.ThrowIfNull(fake);
            With("Llm:Endpoint", fake.Endpoint.ToString()).With("Llm:Model", "fake-chat").With("Llm:TimeoutSeconds", "30");
            return embeddings ? With("Embeddings:Endpoint", fake.Endpoint.ToString()).With("Embeddings:Model", "fake-embed") : this;
        }

        /// <summary>The HTTP server on a free loopback port (<see cref="Address"/>, <see cref="Http"/>).</summary>
        public Builder WithHttp() => With("Http:Urls", "http://127.0.0.1:0");

        /// <summary>Leaves out Telegram and Discord, as the command-line verbs do.</summary>
        public Builder WithoutPlatforms()
        {
            _includePlatforms = false;
            return this;
        }

        /// <summary>Registrations before the host is built (they replace the defaults).</summary>
        public Builder WithServices(Action<IServiceCollection> services)
        {
            ArgumentNullException.ThrowIfNull(services);
            _configure.Add(b => services(b.Services));
            return this;
        }

        /// <summary>The clock every part uses.</summary>
        public Builder WithTime(TimeProvider time) => WithServices(s => s.Replace(ServiceDescriptor.Singleton(time)));

        /// <summary>Another log sink besides <see cref="Logs"/>.</summary>
        public Builder WithLogs(ILoggerProvider provider)
        {
            _loggers.Add(provider);
            return this;
        }

        /// <summary>The lowest level logged (default Debug); applies to every category, Microsoft's too.</summary>
        public Builder WithLogLevel(LogLevel level)
        {
            _logLevel = level;
            return this;
        }

        /// <summary>The configuration as <c>--Key=Value</c> arguments, for the real program started as a process.</summary>
        public IReadOnlyList<string> CommandLine() =>
            [.. _settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}")];

        /// <summary>Builds the host without starting it (for tests of what is registered).</summary>
        public WebApplication Build() => Build(out _, out _);

        /// <summary>Builds and starts the host; a failing start disposes it and throws.</summary>
        public async Task<BotTestHost> StartAsync()
        {
            var app = Build(out var logs, out var ownData);
            try
            {
                await app.StartAsync();
            }
            catch
            {
                await app.DisposeAsync();
                if (ownData is not null)
                {
                    DeleteFolder(ownData);
                }

                throw;
            }

            var host = new BotTestHost(app, logs, ownData);
            if (!string.IsNullOrEmpty(_settings.GetValueOrDefault("Http:Urls")))
            {
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                host._address = new Uri(address.TrimEnd('/') + "/");
            }

            return host;
        }

        private WebApplication Build(out LogCapture logs, out string? ownData)
        {
            ownData = null;
            var settings = new Dictionary<string, string?>(_settings, StringComparer.OrdinalIgnoreCase);
            if (!_storageGiven && !settings.ContainsKey("Storage:Path") && !settings.ContainsKey("Storage:Provider"))
            {
                ownData = Path.Combine(Path.GetTempPath(), "bot-host-" + Guid.NewGuid().ToString("N"));
                settings["Storage:Path"] = Path.Combine(ownData, "bot.db");
            }

            foreach (var category in new[] { "Default", "Microsoft", "System" })
            {
                settings.TryAdd("Logging:LogLevel:" + category, _logLevel.ToString());
            }

            var builder = BotHost.CreateBuilder([], _includePlatforms);
            builder.Configuration.AddInMemoryCollection(settings);
            logs = new LogCapture();
            builder.Logging.ClearProviders().SetMinimumLevel(_logLevel).AddProvider(logs);
            foreach (var provider in _loggers)
            {
                builder.Logging.AddProvider(provider);
            }

            foreach (var configure in _configure)
            {
                configure(builder);
            }

            return BotHost.Build(builder);
        }
    }
}
