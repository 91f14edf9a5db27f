using System.Net;
using System.Net.Sockets;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Testing;
using Bot.Testing.FakeDiscord;
using Bot.Testing.FakeOpenAi;
using Bot.Testing.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Operations;

/// <summary>
/// The whole host at Debug with every secret configured, driven through its paths that log (questions, HTTP requests,
/// a database that refuses the connection, bad webhook and interaction requests): no secret reaches any log, not even
/// inside an exception.
/// </summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private const string TelegramToken = "123456789:AAsecretTelegramTokenPart_0123456789";
    private const string DiscordToken = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gsecret.DiscordTokenPart0123456789abcdef";
    private const string LlmApiKey = "sk-secretLlmApiKey0123456789abcdef";
    private const string EmbeddingsApiKey = "sk-secretEmbeddingsKey0123456789abcdef";
    private const string WebhookSecret = "secretWebhookValue_0123456789";
    private const string DatabasePassword = "secretDbPassw0rd-0123456789";

    private readonly CapturedLogs _logs = new();
    private FakeOpenAiServer _model = null!;
    private FakeDiscordServer _discord = null!;
    private FakeTelegramServer _telegram = null!;
    private BotTestHost _host = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    /// <summary>Every secret, and the distinctive part of each (a token may be logged cut or split).</summary>
    private static readonly string[] Secrets =
    [
        TelegramToken, "AAsecretTelegramTokenPart_0123456789",
        DiscordToken, "Gsecret.DiscordTokenPart",
        LlmApiKey, "secretLlmApiKey",
        EmbeddingsApiKey, "secretEmbeddingsKey",
        WebhookSecret, "secretWebhookValue",
        DatabasePassword, "secretDbPassw0rd",
    ];

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync();
        _telegram = await FakeTelegramServer.StartAsync(TelegramToken);
        _discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { Token = DiscordToken, IdentifyWindow = TimeSpan.Zero });
        _host = await BotTestHost.Create()
            .WithTelegram(_telegram)
            .WithDiscord(_discord)
            .WithModel(_model, embeddings: true)
            .WithHttp()
            .With("Telegram:PollTimeoutSeconds", "1")
            .With("Telegram:WebhookSecret", WebhookSecret)
            .With("Llm:ApiKey", LlmApiKey)
            .With("Embeddings:ApiKey", EmbeddingsApiKey)
            .WithLogLevel(LogLevel.Trace)
            .WithLogs(_logs)
            .StartAsync();
        _app = _host.App;
        _http = _host.Http;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _model.DisposeAsync();
        await _discord.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task No_secret_appears_in_any_log_line_at_Debug_even_in_exceptions()
    {
        // A PostgreSQL server where nothing listens: opening fails, is retried and logged with its exception.
        var unreachable = new Bot.Storage.StorageOptions
        {
            Provider = "Postgres",
            ConnectionString = $"Host=127.0.0.1;Port={ClosedPort()};Database=bot;Username=bot;Password={DatabasePassword};Timeout=3",
        };
        await using (var database = new Bot.Storage.Database.StorageDatabase(
            Microsoft.Extensions.Options.Options.Create(unreachable), TimeProvider.System, _app.Services.GetRequiredService<ILogger<Bot.Storage.Database.StorageDatabase>>()))
        {
            await Should.ThrowAsync<Bot.Storage.Database.StorageUnavailableException>(() => database.OpenAsync().AsTask());
        }

        var engine = _app.Services.GetRequiredService<IBotEngine>();
        foreach (var question in new[] { "When was Sora unveiled?", "DeepSeek R1 ra mắt khi nào?", "thời tiết hà nội mai thế nào" })
        {
            await engine.HandleAsync(new IncomingMessage("telegram", "1", "2", Guid.NewGuid().ToString("N"), question, Flags: MessageFlags.Private));
        }

        // The model rejects the key: the failure is logged with its exception, and the extractive answer serves.
        _model.Script = _ => FakeReply.Status(401);
        _model.EmbeddingFailureStatus = 401;
        await engine.HandleAsync(new IncomingMessage("telegram", "1", "2", Guid.NewGuid().ToString("N"), "When did OpenAI release Sora 2?", Flags: MessageFlags.Private));
        _model.Requests.ShouldContain(r => r.Headers.Values.Any(v => v.Contains(LlmApiKey, StringComparison.Ordinal)), "the model was called with the key");

        // Telegram: a private question answered through the Bot API (the token is in every request path), then a
        // send that fails with 502 and is retried.
        var user = new FakeUser(42, "Lan", "vi");
        _telegram.SendPrivate(user, "When was Sora unveiled?");
        await _telegram.WaitForMessagesAsync(user.Id);
        _telegram.FailNext("sendMessage", FakeTelegramFailure.BadGateway(), times: 2);
        _telegram.SendPrivate(user, "DeepSeek R1 ra mắt khi nào?");
        await _telegram.WaitForMessagesAsync(user.Id, count: 2);

        // Discord: a mention answered over the gateway and REST, a scripted REST failure, then a dropped connection.
        await _discord.WaitForSessionsAsync(1);
        var bot = _discord.Options.BotUserId;
        await _discord.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{bot}> When was Sora unveiled?", MentionBot: true));
        await _discord.WaitUntilAsync(() => _discord.BotMessages(FakeDiscordServer.ChannelA).Count >= 1);
        _discord.ScriptError("/messages", count: 20, status: 500, code: 0);
        await _discord.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelB, $"<@{bot}> DeepSeek R1 ra mắt khi nào?", MentionBot: true));
        await _discord.WaitUntilAsync(() => _discord.Requests.Any(r => r.Status == 500), TimeSpan.FromSeconds(60));
        await _discord.DropConnectionsAsync();
        await _discord.WaitForSessionsAsync(1, resumed: 1);

        (await _http.GetAsync("readyz")).Dispose();
        (await _http.GetAsync("metrics")).Dispose();
        using (var wrongSecret = new HttpRequestMessage(HttpMethod.Post, "telegram/webhook") { Content = new StringContent("{\"update_id\": 1}") })
        {
            wrongSecret.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "not-" + WebhookSecret);
            (await _http.SendAsync(wrongSecret)).Dispose();
        }

        using (var unsigned = new HttpRequestMessage(HttpMethod.Post, "discord/interactions") { Content = new StringContent("{\"type\": 1}") })
        {
            (await _http.SendAsync(unsigned)).Dispose();
        }

        await _app.StopAsync();

        var entries = _logs.Entries;
        entries.ShouldNotBeEmpty();
        entries.ShouldContain(e => e.Contains("Debug", StringComparison.Ordinal), "the host logged at Debug");
        entries.ShouldContain(e => e.Contains("Exception", StringComparison.Ordinal), "an exception was logged (the refused database connection)");
        foreach (var secret in Secrets)
        {
            var leaks = entries.Where(e => e.Contains(secret, StringComparison.Ordinal)).ToList();
            leaks.ShouldBeEmpty($"a secret ({secret[..6]}...) was logged:\n{string.Join('\n', leaks.Take(3))}");
        }
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
