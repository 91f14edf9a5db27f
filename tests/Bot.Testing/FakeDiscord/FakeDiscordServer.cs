using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Bot.Testing.FakeDiscord;

/// <summary>
/// A strict fake of Discord on 127.0.0.1: REST (auth, User-Agent, JSON, message and embed limits,
/// <c>allowed_mentions</c>, rate-limit headers, scripted 429s, interaction windows) and a WebSocket gateway
/// (hello, identify validation with fatal close codes, READY with a distinct resume URL, dispatches with increasing
/// <c>s</c>, resume with replay, op 7 / op 9, dropped connections). It records everything.
/// </summary>
public sealed partial class FakeDiscordServer : IAsyncDisposable
{
    public const string GuildId = "800000000000000001";
    public const string ChannelA = "800000000000000011";
    public const string ChannelB = "800000000000000012";
    public const string ThreadId = "800000000000000021";
    public const string DmChannelId = "800000000000000031";
    private const long DiscordEpochMs = 1_420_070_400_000;
    private const int MessageContentIntent = 1 << 15;
    private const int PrivilegedIntents = (1 << 1) | (1 << 8) | MessageContentIntent;
    private const int KnownIntents = (1 << 26) - 1;

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, FakeMessage> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeChannel> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeInteraction> _interactions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly List<Connection> _connections = [];
    private readonly List<Script> _scripts = [];
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonArray> _commands = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deniedChannels = new(StringComparer.Ordinal);
    private readonly Dictionary<int, DateTimeOffset> _identifyWindow = [];
    private readonly Dictionary<int, int> _identifyCount = [];
    private readonly Ed25519PrivateKeyParameters _signingKey;
    private readonly List<(Func<RecordedRequest, bool> Match, TaskCompletionSource<RecordedRequest> Done)> _waiters = [];
    private long _snowflakeCounter;

    private FakeDiscordServer(FakeDiscordOptions options)
    {
        Options = options;
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        _signingKey = (Ed25519PrivateKeyParameters)pair.Private;
        PublicKeyHex = Convert.ToHexStringLower(((Ed25519PublicKeyParameters)pair.Public).GetEncoded());

        AddChannel(new FakeChannel(ChannelA, 0, GuildId, null));
        AddChannel(new FakeChannel(ChannelB, 0, GuildId, null));
        AddChannel(new FakeChannel(ThreadId, 11, GuildId, ChannelA));
        AddChannel(new FakeChannel(DmChannelId, 1, null, null));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/gateway", HandleGatewayAsync);
        _app.Map("/gateway-resume", HandleGatewayAsync);
        _app.Map("/api/v10/{**path}", HandleRestAsync);
    }

    public FakeDiscordOptions Options { get; }

    /// <summary>The application's public key (hex), matching the key the fake signs HTTP interactions with.</summary>
    public string PublicKeyHex { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public string ApiBaseUrl => new Uri(BaseUrl, "api/v10").ToString();

    public string GatewayUrl => $"ws://{BaseUrl.Authority}/gateway";

    public string ResumeGatewayUrl => $"ws://{BaseUrl.Authority}/gateway-resume";

    /// <summary>When false, heartbeats get no ACK (to provoke zombie detection).</summary>
    public bool AckHeartbeats { get; set; } = true;

    /// <summary>When true, every gateway payload is sent across three WebSocket frames.</summary>
    public bool FragmentFrames { get; set; }

    /// <summary>When true, replies are dispatched with <c>message_reference</c> only, without <c>referenced_message</c>.</summary>
    public bool OmitReferencedMessage { get; set; }

    /// <summary>When true, the token is refused at the gateway (close 4004) even though REST accepts it.</summary>
    public bool RejectTokenAtGateway { get; set; }

    /// <summary>Requests that broke a rate limit the fake announced (a correct client keeps this at zero).</summary>
    public int RateLimitViolations { get; private set; }

    /// <summary>Messages rejected for a missing or permissive <c>allowed_mentions</c>.</summary>
    public int AllowedMentionsViolations { get; private set; }

    /// <summary>How many times commands were written (bulk overwrites).</summary>
    public int CommandWrites { get; private set; }

    public static async Task<FakeDiscordServer> StartAsync(FakeDiscordOptions? options = null)
    {
        var server = new FakeDiscordServer(options ?? new FakeDiscordOptions());
        await server._app.StartAsync();
        var address = server._app.Urls.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Configuration for the bot under test: every Discord key pointing here.</summary>
    public Dictionary<string, string?> BotConfiguration(bool withGatewayUrl = true) => new()
    {
        ["Discord:Token"] = Options.Token,
        ["Discord:ApiBaseUrl"] = ApiBaseUrl,
        ["Discord:GatewayUrl"] = withGatewayUrl ? GatewayUrl : null,
        ["Discord:PublicKey"] = PublicKeyHex,
    };

    // ----- Observation -----

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// Forgets the requests, messages, rate-limit buckets and gateway replay logs recorded so far (channels and sessions
    /// stay): long runs measure the bot, not the fake. A resume after this replays nothing older.
    /// </summary>
    public void Forget()
    {
        lock (_gate)
        {
            _requests.Clear();
            _messages.Clear();
            _buckets.Clear();
        }

        foreach (var session in _sessions.Values)
        {
            session.ForgetLog();
        }
    }

    /// <summary>Messages the bot created in channels (not interaction responses), in order.</summary>
    public IReadOnlyList<FakeMessage> BotMessages(string? channelId = null)
    {
        lock (_gate)
        {
            return [.. _messages.Values.Where(m => m.AuthorId == Options.BotUserId && m.InteractionToken is null && (channelId is null || m.ChannelId == channelId)).OrderBy(m => ulong.Parse(m.Id, CultureInfo.InvariantCulture))];
        }
    }

    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections.Select(c => c.Record)];
            }
        }
    }

    public FakeInteraction? Interaction(string id) => _interactions.TryGetValue(id, out var i) ? i : null;

    public JsonArray? Commands(string? guildId = null)
    {
        lock (_gate)
        {
            return _commands.TryGetValue(guildId ?? "global", out var c) ? (JsonArray)c.DeepClone() : null;
        }
    }

    /// <summary>Waits (bounded) for a request matching <paramref name="match"/>, including ones already received.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _requests.FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(timeout ?? TestBounds.Wait);
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds, re-checking whenever a request or gateway payload arrives.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TestBounds.Wait);
        while (!condition())
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(250), cts.Token);
            }
            catch (TimeoutException)
            {
                // Re-check: some conditions depend on state that changes without a signal.
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The fake Discord server did not see the expected state in time.");
            }
        }
    }

    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SignalChange()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    // ----- Scripting -----

    public void AddChannel(FakeChannel channel) => _channels[channel.Id] = channel;

    /// <summary>The next <paramref name="count"/> requests whose path contains <paramref name="pathContains"/> get a 429.</summary>
    public void ScriptRateLimit(string pathContains, int count, double retryAfterSeconds, bool global = false, string scope = "user")
    {
        var body = new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = retryAfterSeconds, ["global"] = global, ["code"] = 0 };
        var headers = new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Ceiling(retryAfterSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Scope"] = scope,
        };
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        lock (_gate)
        {
            _scripts.Add(new Script(pathContains, count, 429, body, headers));
        }
    }

    /// <summary>The next <paramref name="count"/> matching requests get <paramref name="status"/> with a Discord error code.</summary>
    public void ScriptError(string pathContains, int count, int status, int code, string message = "scripted error")
    {
        lock (_gate)
        {
            _scripts.Add(new Script(pathContains, count, status, new JsonObject { ["code"] = code, ["message"] = message }, []));
        }
    }

    /// <summary>Sending in this channel gets 403 / 50013 (Missing Permissions).</summary>
    public void DenySend(string channelId)
    {
        lock (_gate)
        {
            _deniedChannels.Add(channelId);
        }
    }

    // ----- Gateway hooks -----

    /// <summary>Injects a user message as MESSAGE_CREATE; returns its id.</summary>
    public async Task<string> SendUserMessageAsync(FakeUserMessage message)
    {
        var channel = _channels.GetValueOrDefault(message.ChannelId) ?? throw new InvalidOperationException("Unknown channel " + message.ChannelId);
        var stored = new FakeMessage(NextId(), channel.Id, channel.GuildId, message.AuthorId, message.AuthorIsBot, message.Content, [], [], message.ReplyToMessageId, null, DateTimeOffset.UtcNow);
        JsonObject json;
        lock (_gate)
        {
            _messages[stored.Id] = stored;
            json = stored.ToJson(Options.BotUserId, Options.BotUsername, OmitReferencedMessage ? null : _messages);
        }

        var mentions = (JsonArray)json["mentions"]!;
        var mentionsBot = message.MentionBot || message.Content.Contains($"<@{Options.BotUserId}>", StringComparison.Ordinal) || message.Content.Contains($"<@!{Options.BotUserId}>", StringComparison.Ordinal);
        if (mentionsBot)
        {
            mentions.Add(new JsonObject { ["id"] = Options.BotUserId, ["username"] = Options.BotUsername, ["bot"] = true });
        }

        if (message.WebhookId is not null)
        {
            json["webhook_id"] = message.WebhookId;
        }

        var repliesToBot = message.ReplyToMessageId is { } r && _messages.TryGetValue(r, out var replied) && replied.AuthorId == Options.BotUserId;
        await DispatchAsync("MESSAGE_CREATE", json, channel.GuildId, intents => channel.GuildId is null ? (intents & (1 << 12)) != 0 : (intents & (1 << 9)) != 0,
            (intents, d) =>
            {
                if (channel.GuildId is not null && (intents & MessageContentIntent) == 0 && !mentionsBot && !repliesToBot)
                {
                    d["content"] = "";
                }
            });
        return stored.Id;
    }

    /// <summary>Injects a slash command as INTERACTION_CREATE; returns the interaction.</summary>
    public async Task<FakeInteraction> SendSlashCommandAsync(string name, string? question, string channelId = ChannelA, string userId = "700000000000000001", string locale = "en-US")
    {
        var interaction = CreateInteraction(2, channelId, userId, locale, data =>
        {
            data["name"] = name;
            data["type"] = 1;
            data["id"] = "910000000000000" + name.Length.ToString("000", CultureInfo.InvariantCulture);
            if (question is not null)
            {
                data["options"] = new JsonArray(new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = question });
            }
        });
        await DispatchAsync("INTERACTION_CREATE", interaction.Payload, _channels.GetValueOrDefault(channelId)?.GuildId, _ => true, null);
        return interaction;
    }

    /// <summary>
    /// Injects a slash command with a subcommand (e.g. <c>/channel mode mode:all</c>) as INTERACTION_CREATE, from a
    /// member with the given permission bits (a decimal string, as Discord sends them) and roles.
    /// </summary>
    public async Task<FakeInteraction> SendSubcommandAsync(
        string name,
        string subcommand,
        IReadOnlyList<(string Name, int Type, JsonNode Value)>? options = null,
        string channelId = ChannelA,
        string userId = "700000000000000001",
        string permissions = "0",
        IReadOnlyList<string>? roles = null,
        string locale = "en-US")
    {
        var interaction = CreateInteraction(2, channelId, userId, locale, data =>
        {
            data["name"] = name;
            data["type"] = 1;
            data["id"] = "920000000000000" + name.Length.ToString("000", CultureInfo.InvariantCulture);
            var inner = new JsonArray();
            foreach (var (optionName, type, value) in options ?? [])
            {
                inner.Add(new JsonObject { ["name"] = optionName, ["type"] = type, ["value"] = value.DeepClone() });
            }

            data["options"] = new JsonArray(new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = inner });
        });
        if (interaction.Payload["member"] is JsonObject member)
        {
            member["permissions"] = permissions;
            member["roles"] = new JsonArray([.. (roles ?? []).Select(r => (JsonNode)JsonValue.Create(r))]);
        }

        await DispatchAsync("INTERACTION_CREATE", interaction.Payload, _channels.GetValueOrDefault(channelId)?.GuildId, _ => true, null);
        return interaction;
    }

    /// <summary>Injects a button press as INTERACTION_CREATE.</summary>
    public async Task<FakeInteraction> SendButtonPressAsync(string customId, string messageId, string channelId = ChannelA, string userId = "700000000000000001")
    {
        var interaction = CreateInteraction(3, channelId, userId, "en-US", data =>
        {
            data["custom_id"] = customId;
            data["component_type"] = 2;
        });
        interaction.Payload["message"] = new JsonObject { ["id"] = messageId, ["channel_id"] = channelId };
        await DispatchAsync("INTERACTION_CREATE", interaction.Payload, _channels.GetValueOrDefault(channelId)?.GuildId, _ => true, null);
        return interaction;
    }

    /// <summary>Builds an interaction for HTTP delivery (not dispatched on the gateway).</summary>
    public FakeInteraction CreateHttpSlashCommand(string name, string? question, string channelId = ChannelA) =>
        CreateInteraction(2, channelId, "700000000000000001", "en-US", data =>
        {
            data["name"] = name;
            data["type"] = 1;
            data["id"] = "910000000000000001";
            if (question is not null)
            {
                data["options"] = new JsonArray(new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = question });
            }
        });

    /// <summary>POSTs a body to the bot's interactions endpoint, signed with the application key (or forged), at <paramref name="signedAt"/> (default: now).</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(Uri endpoint, string body, bool forge = false, bool omitHeaders = false, DateTimeOffset? signedAt = null)
    {
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signer = new Ed25519Signer();
        signer.Init(true, _signingKey);
        var message = Encoding.UTF8.GetBytes(timestamp + body);
        signer.BlockUpdate(message, 0, message.Length);
        var signature = signer.GenerateSignature();
        if (forge)
        {
            signature[0] ^= 0xFF;
        }

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (!omitHeaders)
        {
            request.Headers.Add("X-Signature-Ed25519", Convert.ToHexStringLower(signature));
            request.Headers.Add("X-Signature-Timestamp", timestamp);
        }

        var response = await http.SendAsync(request);
        await RecordInlineResponseAsync(body, response);
        return response;
    }

    /// <summary>An inline interaction response (200 with a JSON body) counts as the interaction's first response, as on Discord.</summary>
    private async Task RecordInlineResponseAsync(string requestBody, HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync();
        var id = JsonNode.Parse(requestBody)?["id"]?.GetValue<string>();
        if (id is null || !_interactions.TryGetValue(id, out var interaction) || JsonNode.Parse(text) is not JsonObject inline)
        {
            return;
        }

        lock (_gate)
        {
            if (interaction.ResponseType is null && inline["type"] is JsonValue t && t.TryGetValue<int>(out var type))
            {
                interaction.ResponseType = type;
                interaction.RespondedAt = Options.InteractionClock.GetUtcNow();
            }
        }

        SignalChange();
    }

    /// <summary>Sends op 7 (Reconnect) on every open connection.</summary>
    public Task RequestReconnectAsync() => ForEachConnectionAsync(c => c.SendAsync(new JsonObject { ["op"] = 7, ["d"] = null }));

    /// <summary>Sends op 9 (Invalid Session) on every open connection.</summary>
    public Task InvalidateSessionsAsync(bool resumable) => ForEachConnectionAsync(async c =>
    {
        if (!resumable && c.Session is { } s)
        {
            _sessions.TryRemove(s.Id, out _);
        }

        await c.SendAsync(new JsonObject { ["op"] = 9, ["d"] = resumable });
    });

    /// <summary>Sends op 1 (the server asks for a heartbeat now).</summary>
    public Task RequestHeartbeatAsync() => ForEachConnectionAsync(c => c.SendAsync(new JsonObject { ["op"] = 1, ["d"] = null }));

    /// <summary>Closes every open connection with a code.</summary>
    public Task CloseConnectionsAsync(int code) => ForEachConnectionAsync(c => c.CloseAsync(code));

    /// <summary>Drops every open connection without a close frame (like a broken TCP connection).</summary>
    public Task DropConnectionsAsync() => ForEachConnectionAsync(c =>
    {
        c.Drop();
        return Task.CompletedTask;
    });

    /// <summary>Sends raw text on every open connection (malformed JSON, unknown ops).</summary>
    public Task SendRawAsync(string text) => ForEachConnectionAsync(c => c.SendRawAsync(text));

    /// <summary>Waits until <paramref name="count"/> connections completed identify+READY or resume.</summary>
    public Task WaitForSessionsAsync(int identified, int resumed = 0, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => Connections.Count(c => c.Identified) >= identified && Connections.Count(c => c.Resumed) >= resumed, timeout);

    public async ValueTask DisposeAsync()
    {
        await ForEachConnectionAsync(c =>
        {
            c.Drop();
            return Task.CompletedTask;
        });
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ----- Internals: ids, interactions, dispatch -----

    private string NextId()
    {
        var ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - DiscordEpochMs;
        var n = Interlocked.Increment(ref _snowflakeCounter);
        return (((ulong)ms << 22) | ((ulong)n & 0x3FFFFF)).ToString(CultureInfo.InvariantCulture);
    }

    private FakeInteraction CreateInteraction(int type, string channelId, string userId, string locale, Action<JsonObject> fillData)
    {
        var channel = _channels.GetValueOrDefault(channelId) ?? new FakeChannel(channelId, 0, GuildId, null);
        var id = NextId();
        var token = "aW50ZXJhY3Rpb246" + Guid.NewGuid().ToString("N");
        var data = new JsonObject();
        fillData(data);
        var user = new JsonObject { ["id"] = userId, ["username"] = "user" + userId[^4..] };
        var payload = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = Options.ApplicationId,
            ["type"] = type,
            ["token"] = token,
            ["version"] = 1,
            ["data"] = data,
            ["channel_id"] = channel.Id,
            ["channel"] = channel.ToJson(),
            ["locale"] = locale,
            ["app_permissions"] = "412317240384",
        };
        if (channel.GuildId is not null)
        {
            payload["guild_id"] = channel.GuildId;
            payload["guild_locale"] = "en-US";
            payload["member"] = new JsonObject { ["user"] = user, ["permissions"] = "2248473465835073" };
        }
        else
        {
            payload["user"] = user;
        }

        var interaction = new FakeInteraction { Id = id, Token = token, ChannelId = channel.Id, CreatedAt = Options.InteractionClock.GetUtcNow(), Payload = payload };
        _interactions[id] = interaction;
        return interaction;
    }

    private async Task DispatchAsync(string eventName, JsonObject data, string? guildId, Func<int, bool> wants, Action<int, JsonObject>? adjust)
    {
        foreach (var session in _sessions.Values.ToList())
        {
            var shard = guildId is null ? 0 : (int)((ulong.Parse(guildId, CultureInfo.InvariantCulture) >> 22) % (ulong)session.ShardCount);
            if (shard != session.ShardId || !wants(session.Intents))
            {
                continue;
            }

            var d = (JsonObject)data.DeepClone();
            adjust?.Invoke(session.Intents, d);
            await session.DispatchAsync(eventName, d);
        }

        SignalChange();
    }

    private async Task ForEachConnectionAsync(Func<Connection, Task> action)
    {
        List<Connection> open;
        lock (_gate)
        {
            open = [.. _connections.Where(c => !c.Finished)];
        }

        foreach (var c in open)
        {
            await action(c);
        }

        SignalChange();
    }
}
