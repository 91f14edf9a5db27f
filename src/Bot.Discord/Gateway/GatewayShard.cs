using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Limits;
using Bot.Discord.Model;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>Receives what a shard's connection delivers. Must return quickly: it runs on the receive loop.</summary>
internal interface IGatewayEventSink
{
    ValueTask OnDispatchAsync(int shardId, string eventName, JsonElement data, CancellationToken cancellationToken);
}

/// <summary>A close code that means the shard must stop: Discord will refuse every further attempt.</summary>
internal sealed class GatewayFatalException(int closeCode, string message) : Exception(message)
{
    public int CloseCode { get; } = closeCode;
}

/// <summary>Everything a shard needs besides its transport, shared by all shards of the process.</summary>
internal sealed record GatewayShardSettings(
    string Token,
    GatewayIntents Intents,
    int ShardId,
    int ShardCount,
    Uri GatewayUrl,
    DiscordOptions Options);

/// <summary>
/// The gateway protocol for one shard, independent of the socket: hello, heartbeats with jitter and zombie
/// detection, identify, READY, sequence tracking, resume, reconnect, invalid sessions and close codes.
/// The whole lifetime is one <see cref="RunAsync"/>.
/// </summary>
/// <remarks>https://discord.com/developers/docs/events/gateway#connection-lifecycle</remarks>
internal sealed partial class GatewayShard(
    GatewayShardSettings settings,
    IGatewayTransportFactory transports,
    IGatewayEventSink sink,
    IdentifyGate identifyGate,
    TimeProvider time,
    Random random,
    ILogger logger)
{
    private readonly GatewaySendLimiter _sendLimiter = new(time);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private volatile bool _acked = true;
    private volatile bool _connected;

    public int ShardId => settings.ShardId;

    public string? SessionId { get; private set; }

    public Uri? ResumeUrl { get; private set; }

    public long? Sequence => Interlocked.Read(ref _sequenceBox) is var v && v >= 0 ? v : (long?)null;

    private long _sequenceBox = -1;

    /// <summary>Counts of what happened, for tests and the benchmark.</summary>
    public int Identifies { get; private set; }

    public int Resumes { get; private set; }

    /// <summary>True from READY (or RESUMED) until that connection ends: the shard is receiving events.</summary>
    public bool Connected => _connected;

    /// <summary>Called with the shard id each time the shard goes to connect again after losing a connection.</summary>
    public Action<int>? Reconnecting { get; init; }

    /// <summary>Runs until cancelled; throws <see cref="GatewayFatalException"/> on a fatal close code.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var canResume = SessionId is not null && ResumeUrl is not null;
            Outcome outcome;
            try
            {
                outcome = await RunConnectionAsync(canResume, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Nothing unexpected may end the shard: it is logged and the connection is tried again.
                Log.Unexpected(logger, ex, settings.ShardId);
                outcome = new Outcome.ConnectFailed();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            switch (outcome)
            {
                case Outcome.Fatal fatal:
                    throw new GatewayFatalException(fatal.Code, fatal.Message);
                case Outcome.Reidentify reidentify:
                    SessionId = null;
                    ResumeUrl = null;
                    SetSequence(null);
                    failures = 0;
                    if (reidentify.AfterInvalidSession)
                    {
                        var min = settings.Options.InvalidSessionMinDelaySeconds;
                        var max = Math.Max(min, settings.Options.InvalidSessionMaxDelaySeconds);
                        await DelayAsync(TimeSpan.FromSeconds(min + (random.NextDouble() * (max - min))), cancellationToken);
                    }

                    break;
                case Outcome.Resume:
                    failures = 0;
                    break;
                case Outcome.ConnectFailed:
                    failures++;
                    var delay = ReconnectDelay(failures, settings.Options, random);
                    Log.Reconnecting(logger, settings.ShardId, failures, (int)delay.TotalMilliseconds);
                    await DelayAsync(delay, cancellationToken);
                    break;
            }

            Reconnecting?.Invoke(settings.ShardId);
        }
    }

    private async Task<Outcome> RunConnectionAsync(bool resume, CancellationToken cancellationToken)
    {
        var baseUrl = resume ? ResumeUrl! : settings.GatewayUrl;
        var url = WithQuery(baseUrl);
        if (!resume)
        {
            // Waiting for an identify slot happens before connecting, so heartbeats never wait on it.
            await identifyGate.WaitAsync(settings.ShardId, cancellationToken);
        }

        await using var transport = transports.Create();
        try
        {
            await transport.ConnectAsync(url, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or HttpRequestException or IOException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            Log.ConnectFailed(logger, ex, settings.ShardId, url.GetLeftPart(UriPartial.Path));
            return new Outcome.ConnectFailed();
        }

        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = Task.CompletedTask;
        var zombie = false;
        try
        {
            var hello = await transport.ReceiveAsync(connection.Token);
            if (hello.IsClosed)
            {
                return Classify(hello, resume);
            }

            if (Parse(hello.Payload!) is not { Op: 10 } helloPayload || helloPayload.Data.Double("heartbeat_interval") is not { } intervalMs || intervalMs <= 0)
            {
                Log.ProtocolError(logger, settings.ShardId, "the first payload was not Hello");
                await transport.CloseAsync(4000, CancellationToken.None);
                return new Outcome.ConnectFailed();
            }

            _acked = true;
            var interval = TimeSpan.FromMilliseconds(intervalMs);
            heartbeat = HeartbeatLoopAsync(transport, interval, () => { zombie = true; connection.Cancel(); }, connection.Token);

            if (resume)
            {
                Resumes++;
                await SendAsync(transport, Resume(), heartbeat: false, connection.Token);
                Log.Resuming(logger, settings.ShardId, Sequence);
            }
            else
            {
                Identifies++;
                await SendAsync(transport, Identify(), heartbeat: false, connection.Token);
                Log.Identifying(logger, settings.ShardId, settings.ShardCount, (int)settings.Intents);
            }

            while (true)
            {
                var frame = await transport.ReceiveAsync(connection.Token);
                if (frame.IsClosed)
                {
                    return Classify(frame, resume);
                }

                if (Parse(frame.Payload!) is not { } payload)
                {
                    Log.ProtocolError(logger, settings.ShardId, "a payload was not valid JSON; ignored");
                    continue;
                }

                switch (payload.Op)
                {
                    case 0:
                        await OnDispatchAsync(payload, connection.Token);
                        break;
                    case 1:
                        await SendAsync(transport, Heartbeat(), heartbeat: true, connection.Token);
                        break;
                    case 7:
                        Log.ReconnectRequested(logger, settings.ShardId);
                        await transport.CloseAsync(4000, CancellationToken.None);
                        return new Outcome.Resume();
                    case 9:
                        var resumable = payload.Data.ValueKind == JsonValueKind.True;
                        Log.InvalidSession(logger, settings.ShardId, resumable);
                        await transport.CloseAsync(resumable ? 4000 : 1000, CancellationToken.None);
                        return resumable && SessionId is not null ? new Outcome.Resume() : new Outcome.Reidentify(AfterInvalidSession: true);
                    case 11:
                        _acked = true;
                        break;
                    default:
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (zombie && !cancellationToken.IsCancellationRequested)
        {
            Log.Zombie(logger, settings.ShardId);
            await transport.CloseAsync(4000, CancellationToken.None);
            return new Outcome.Resume();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: close normally, the session is over.
            await transport.CloseAsync(1000, CancellationToken.None);
            return new Outcome.Resume();
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
        {
            Log.ConnectFailed(logger, ex, settings.ShardId, url.GetLeftPart(UriPartial.Path));
            return new Outcome.Resume();
        }
        finally
        {
            _connected = false;
            await connection.CancelAsync();
            try
            {
                await heartbeat;
            }
            catch (OperationCanceledException)
            {
                // The heartbeat loop ends with its connection.
            }
        }
    }

    private async Task HeartbeatLoopAsync(IGatewayTransport transport, TimeSpan interval, Action onZombie, CancellationToken cancellationToken)
    {
        try
        {
            await DelayAsync(interval * random.NextDouble(), cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!_acked)
                {
                    onZombie();
                    return;
                }

                _acked = false;
                await SendAsync(transport, Heartbeat(), heartbeat: true, cancellationToken);
                await DelayAsync(interval, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
        {
            // The receive loop sees the broken connection and decides what to do.
        }
    }

    private async ValueTask OnDispatchAsync(GatewayPayload payload, CancellationToken cancellationToken)
    {
        if (payload.Sequence is { } s)
        {
            SetSequence(s);
        }

        switch (payload.EventName)
        {
            case "READY":
                SessionId = payload.Data.Str("session_id");
                ResumeUrl = payload.Data.Str("resume_gateway_url") is { } r && Uri.TryCreate(r, UriKind.Absolute, out var ru) ? ru : settings.GatewayUrl;
                Log.Ready(logger, settings.ShardId, payload.Data.Obj("user") is { } u ? u.Str("id") : null);
                _connected = true;
                break;
            case "RESUMED":
                Log.Resumed(logger, settings.ShardId, Sequence);
                _connected = true;
                break;
        }

        if (payload.EventName is { } name)
        {
            await sink.OnDispatchAsync(settings.ShardId, name, payload.Data, cancellationToken);
        }
    }

    private Outcome Classify(GatewayFrame frame, bool resuming)
    {
        switch (frame.CloseCode)
        {
            case 4004:
                return new Outcome.Fatal(4004, "Discord closed the gateway with 4004 (authentication failed): the token (Discord:Token) is not valid.");
            case 4010:
                return new Outcome.Fatal(4010, $"Discord closed the gateway with 4010 (invalid shard {settings.ShardId}/{settings.ShardCount}): check Discord:ShardIds and Discord:ShardCount.");
            case 4011:
                return new Outcome.Fatal(4011, "Discord closed the gateway with 4011 (sharding required): set Discord:ShardCount or leave it to GET /gateway/bot.");
            case 4012:
                return new Outcome.Fatal(4012, "Discord closed the gateway with 4012 (invalid API version).");
            case 4013:
                return new Outcome.Fatal(4013, "Discord closed the gateway with 4013 (invalid intents): check Discord:Intents.");
            case 4014:
                return new Outcome.Fatal(4014, "Discord closed the gateway with 4014 (disallowed intents): a privileged intent in Discord:Intents (e.g. MessageContent) is not enabled for the application in the developer portal.");
            case 4007 or 4009:
                Log.Closed(logger, settings.ShardId, frame.CloseCode, "identifying again");
                return new Outcome.Reidentify(AfterInvalidSession: false);
            case null:
                Log.Closed(logger, settings.ShardId, null, "dropped; resuming");
                return SessionId is null ? new Outcome.ConnectFailed() : new Outcome.Resume();
            default:
                Log.Closed(logger, settings.ShardId, frame.CloseCode, "resuming");
                return SessionId is null && !resuming ? new Outcome.ConnectFailed() : new Outcome.Resume();
        }
    }

    private async Task SendAsync(IGatewayTransport transport, JsonObject payload, bool heartbeat, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload);
        if (bytes.Length > 4096)
        {
            throw new InvalidOperationException($"A gateway payload of {bytes.Length} bytes is over Discord's 4096-byte limit.");
        }

        await _sendLimiter.WaitAsync(heartbeat, cancellationToken);
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await transport.SendAsync(bytes, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private JsonObject Heartbeat() => new() { ["op"] = 1, ["d"] = Sequence is { } s ? JsonValue.Create(s) : null };

    private JsonObject Identify() => new()
    {
        ["op"] = 2,
        ["d"] = new JsonObject
        {
            ["token"] = settings.Token,
            ["intents"] = (int)settings.Intents,
            ["properties"] = new JsonObject
            {
                ["os"] = Environment.OSVersion.Platform == PlatformID.Unix ? "linux" : "windows",
                ["browser"] = "ai-race-bot",
                ["device"] = "ai-race-bot",
            },
            ["shard"] = new JsonArray(settings.ShardId, settings.ShardCount),
        },
    };

    private JsonObject Resume() => new()
    {
        ["op"] = 6,
        ["d"] = new JsonObject
        {
            ["token"] = settings.Token,
            ["session_id"] = SessionId,
            ["seq"] = Sequence ?? 0,
        },
    };

    private void SetSequence(long? s) => Interlocked.Exchange(ref _sequenceBox, s ?? -1);

    /// <summary>
    /// The wait before reconnecting after <paramref name="failures"/> failed connections in a row: exponential from
    /// <c>Discord:ReconnectBaseDelaySeconds</c> up to <c>Discord:ReconnectMaxDelaySeconds</c>, with jitter
    /// (<see cref="Backoff"/>); waited on the injected clock.
    /// </summary>
    internal static TimeSpan ReconnectDelay(int failures, DiscordOptions options, Random random) => Backoff.Delay(
        failures, TimeSpan.FromSeconds(options.ReconnectBaseDelaySeconds), TimeSpan.FromSeconds(options.ReconnectMaxDelaySeconds), random);

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);

    internal static Uri WithQuery(Uri baseUrl)
    {
        var builder = new UriBuilder(baseUrl);
        var query = builder.Query.TrimStart('?');
        var parts = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("v=", StringComparison.Ordinal) && !p.StartsWith("encoding=", StringComparison.Ordinal) && !p.StartsWith("compress=", StringComparison.Ordinal))
            .Append("v=10")
            .Append("encoding=json");
        builder.Query = string.Join('&', parts);
        return builder.Uri;
    }

    private static GatewayPayload? Parse(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.Int("op") is not { } op)
            {
                return null;
            }

            var data = root.TryGetProperty("d", out var d) ? d.Clone() : default;
            return new GatewayPayload(op, data, root.Long("s"), root.Str("t"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private abstract record Outcome
    {
        public sealed record Resume : Outcome;

        public sealed record Reidentify(bool AfterInvalidSession) : Outcome;

        public sealed record ConnectFailed : Outcome;

        public sealed record Fatal(int Code, string Message) : Outcome;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Discord shard {ShardId}: identifying ({ShardCount} shards, intents {Intents})")]
        public static partial void Identifying(ILogger logger, int shardId, int shardCount, int intents);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord shard {ShardId}: resuming after sequence {Sequence}")]
        public static partial void Resuming(ILogger logger, int shardId, long? sequence);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord shard {ShardId}: ready as user {UserId}")]
        public static partial void Ready(ILogger logger, int shardId, string? userId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord shard {ShardId}: resumed at sequence {Sequence}")]
        public static partial void Resumed(ILogger logger, int shardId, long? sequence);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord shard {ShardId}: the gateway asked to reconnect (op 7)")]
        public static partial void ReconnectRequested(ILogger logger, int shardId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord shard {ShardId}: invalid session (resumable: {Resumable})")]
        public static partial void InvalidSession(ILogger logger, int shardId, bool resumable);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord shard {ShardId}: no heartbeat ACK since the last heartbeat; reconnecting to resume")]
        public static partial void Zombie(ILogger logger, int shardId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord shard {ShardId}: connection closed (code {Code}), {Action}")]
        public static partial void Closed(ILogger logger, int shardId, int? code, string action);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord shard {ShardId}: cannot connect to {Url}")]
        public static partial void ConnectFailed(ILogger logger, Exception exception, int shardId, string url);

        [LoggerMessage(Level = LogLevel.Information, Message = "Discord shard {ShardId}: reconnecting (attempt {Attempt}) in {DelayMs} ms")]
        public static partial void Reconnecting(ILogger logger, int shardId, int attempt, int delayMs);

        [LoggerMessage(Level = LogLevel.Error, Message = "Discord shard {ShardId}: unexpected failure; reconnecting")]
        public static partial void Unexpected(ILogger logger, Exception exception, int shardId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Discord shard {ShardId}: protocol error: {What}")]
        public static partial void ProtocolError(ILogger logger, int shardId, string what);
    }
}

/// <summary>A decoded gateway envelope <c>{op, d, s, t}</c>.</summary>
/// <remarks>https://discord.com/developers/docs/events/gateway-events#payload-structure</remarks>
internal sealed record GatewayPayload(int Op, JsonElement Data, long? Sequence, string? EventName);
