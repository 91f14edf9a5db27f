using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Bot.Testing.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    private async Task HandleGatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var record = new FakeGatewayConnection { Path = context.Request.Path.Value ?? "", Query = context.Request.QueryString.Value ?? "" };
        var connection = new Connection(context, socket, record, () => FragmentFrames);
        lock (_gate)
        {
            _connections.Add(connection);
        }

        SignalChange();
        try
        {
            var query = context.Request.Query;
            if (query["v"] != "10")
            {
                await connection.CloseAsync(4012);
                return;
            }

            if (query["encoding"] != "json")
            {
                await connection.CloseAsync(4002);
                return;
            }

            await connection.SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = Options.HeartbeatIntervalMs } });
            var sent = new Queue<DateTimeOffset>();
            while (!connection.Finished)
            {
                var (text, closeCode, tooLarge) = await connection.ReceiveAsync();
                if (text is null)
                {
                    record.ClosedWith ??= closeCode;
                    break;
                }

                if (tooLarge)
                {
                    await connection.CloseAsync(4002);
                    break;
                }

                var now = DateTimeOffset.UtcNow;
                sent.Enqueue(now);
                while (sent.Count > 0 && now - sent.Peek() > TimeSpan.FromSeconds(60))
                {
                    sent.Dequeue();
                }

                if (sent.Count > 120)
                {
                    await connection.CloseAsync(4008);
                    break;
                }

                JsonObject payload;
                try
                {
                    payload = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
                }
                catch (JsonException)
                {
                    await connection.CloseAsync(4002);
                    break;
                }

                lock (record.Gate)
                {
                    record.Received.Add(payload);
                }

                SignalChange();
                var op = payload["op"] is JsonValue v && v.TryGetValue<int>(out var o) ? o : -1;
                switch (op)
                {
                    case 1:
                        if (AckHeartbeats)
                        {
                            await connection.SendAsync(new JsonObject { ["op"] = 11 });
                        }

                        break;
                    case 2:
                        await IdentifyAsync(connection, payload["d"] as JsonObject);
                        break;
                    case 6:
                        await ResumeAsync(connection, payload["d"] as JsonObject);
                        break;
                    case 3 or 4 or 8 when connection.Session is not null:
                        break;
                    default:
                        await connection.CloseAsync(connection.Session is null ? 4003 : 4001);
                        break;
                }
            }
        }
        finally
        {
            connection.Finished = true;
            connection.Session?.Detach(connection);
            SignalChange();
        }
    }

    private async Task IdentifyAsync(Connection connection, JsonObject? d)
    {
        if (connection.Session is not null)
        {
            await connection.CloseAsync(4005);
            return;
        }

        if (d?["token"]?.GetValue<string>() != Options.Token || RejectTokenAtGateway)
        {
            await connection.CloseAsync(4004);
            return;
        }

        if (d["properties"] is not JsonObject props || props["os"] is null || props["browser"] is null || props["device"] is null
            || d["intents"] is not JsonValue iv || !iv.TryGetValue<int>(out var intents))
        {
            await connection.CloseAsync(4002);
            return;
        }

        if ((intents & ~KnownIntents) != 0)
        {
            await connection.CloseAsync(4013);
            return;
        }

        if ((intents & PrivilegedIntents & ~Options.AllowedPrivilegedIntents) != 0)
        {
            await connection.CloseAsync(4014);
            return;
        }

        var shardId = 0;
        var shardCount = 1;
        if (d["shard"] is JsonArray shard)
        {
            if (shard.Count != 2 || shard[0] is null || shard[1] is null)
            {
                await connection.CloseAsync(4010);
                return;
            }

            shardId = shard[0]!.GetValue<int>();
            shardCount = shard[1]!.GetValue<int>();
        }

        if (shardCount < 1 || shardId < 0 || shardId >= shardCount)
        {
            await connection.CloseAsync(4010);
            return;
        }

        if (Options.RequiredShardCount is { } required && shardCount != required)
        {
            await connection.CloseAsync(shardCount < required ? 4011 : 4010);
            return;
        }

        var key = shardId % Math.Max(1, Options.MaxConcurrency);
        var tooSoon = false;
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (_identifyWindow.TryGetValue(key, out var last) && now - last < Options.IdentifyWindow)
            {
                tooSoon = true;
                _identifyCount[key] = _identifyCount.GetValueOrDefault(key) + 1;
            }
            else
            {
                _identifyWindow[key] = now;
            }
        }

        if (tooSoon)
        {
            await connection.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false });
            return;
        }

        var session = new Session(Guid.NewGuid().ToString("N"), shardId, shardCount, intents);
        _sessions[session.Id] = session;
        connection.Record.ShardId = shardId;
        connection.Record.SessionId = session.Id;
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user"] = new JsonObject { ["id"] = Options.BotUserId, ["username"] = Options.BotUsername, ["bot"] = true, ["discriminator"] = "0" },
            ["guilds"] = new JsonArray(new JsonObject { ["id"] = GuildId, ["unavailable"] = true }),
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = ResumeGatewayUrl,
            ["shard"] = new JsonArray(shardId, shardCount),
            ["application"] = new JsonObject { ["id"] = Options.ApplicationId, ["flags"] = 0 },
        };
        await session.AttachAsync(connection, null);
        await session.DispatchAsync("READY", ready);
        var guildShard = (int)((ulong.Parse(GuildId, CultureInfo.InvariantCulture) >> 22) % (ulong)shardCount);
        if (guildShard == shardId && (intents & 1) != 0)
        {
            var channels = _channels.Values.Where(c => c.GuildId == GuildId);
            await session.DispatchAsync("GUILD_CREATE", new JsonObject
            {
                ["id"] = GuildId,
                ["name"] = "AI race fans",
                ["unavailable"] = false,
                ["channels"] = new JsonArray([.. channels.Where(c => c.Type is not (10 or 11 or 12)).Select(c => (JsonNode)c.ToJson())]),
                ["threads"] = new JsonArray([.. channels.Where(c => c.Type is 10 or 11 or 12).Select(c => (JsonNode)c.ToJson())]),
            });
        }

        connection.Record.Identified = true;
        SignalChange();
    }

    private async Task ResumeAsync(Connection connection, JsonObject? d)
    {
        if (d?["token"]?.GetValue<string>() != Options.Token || RejectTokenAtGateway)
        {
            await connection.CloseAsync(4004);
            return;
        }

        if (connection.Session is not null)
        {
            await connection.CloseAsync(4005);
            return;
        }

        var sessionId = d["session_id"]?.GetValue<string>();
        if (sessionId is null || !_sessions.TryGetValue(sessionId, out var session))
        {
            await connection.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false });
            return;
        }

        var seq = d["seq"] is JsonValue sv && sv.TryGetValue<long>(out var s) ? s : -1;
        if (seq < 0 || seq > session.Sequence)
        {
            await connection.CloseAsync(4007);
            return;
        }

        connection.Record.ShardId = session.ShardId;
        connection.Record.SessionId = session.Id;
        await session.AttachAsync(connection, seq);
        await session.DispatchAsync("RESUMED", new JsonObject());
        connection.Record.Resumed = true;
        SignalChange();
    }

    /// <summary>A gateway session: its event log (for replay) and the connection currently attached.</summary>
    private sealed class Session(string id, int shardId, int shardCount, int intents)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private readonly List<(long Seq, JsonObject Payload)> _log = [];
        private Connection? _current;

        public string Id { get; } = id;

        public int ShardId { get; } = shardId;

        public int ShardCount { get; } = shardCount;

        public int Intents { get; } = intents;

        public long Sequence { get; private set; }

        public async Task AttachAsync(Connection connection, long? replayAfter)
        {
            await _lock.WaitAsync();
            try
            {
                _current = connection;
                connection.Session = this;
                if (replayAfter is { } after)
                {
                    foreach (var (_, payload) in _log.Where(e => e.Seq > after))
                    {
                        await connection.SendAsync(payload);
                    }
                }
            }
            finally
            {
                _lock.Release();
            }
        }

        public void Detach(Connection connection) => Interlocked.CompareExchange(ref _current, null, connection);

        public void ForgetLog()
        {
            _lock.Wait();
            try
            {
                _log.Clear();
            }
            finally
            {
                _lock.Release();
            }
        }

        public async Task DispatchAsync(string eventName, JsonObject data)
        {
            await _lock.WaitAsync();
            try
            {
                Sequence++;
                var payload = new JsonObject { ["op"] = 0, ["t"] = eventName, ["s"] = Sequence, ["d"] = data };
                _log.Add((Sequence, payload));
                if (_current is { Finished: false } c)
                {
                    await c.SendAsync(payload);
                }
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    /// <summary>One WebSocket connection on the server side.</summary>
    private sealed class Connection(HttpContext context, WebSocket socket, FakeGatewayConnection record, Func<bool> fragment)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private readonly CancellationTokenSource _stop = new();

        public FakeGatewayConnection Record { get; } = record;

        public Session? Session { get; set; }

        public volatile bool Finished;

        public Task SendAsync(JsonObject payload) => SendRawAsync(payload.ToJsonString());

        public async Task SendRawAsync(string text)
        {
            if (Finished)
            {
                return;
            }

            await _send.WaitAsync();
            try
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                if (fragment() && bytes.Length > 3)
                {
                    // One payload across several frames, as Discord may send it.
                    var third = bytes.Length / 3;
                    await socket.SendAsync(bytes.AsMemory(0, third), WebSocketMessageType.Text, false, CancellationToken.None);
                    await socket.SendAsync(bytes.AsMemory(third, third), WebSocketMessageType.Text, false, CancellationToken.None);
                    await socket.SendAsync(bytes.AsMemory(2 * third), WebSocketMessageType.Text, true, CancellationToken.None);
                }
                else
                {
                    await socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
            {
                Finished = true;
            }
            finally
            {
                _send.Release();
            }
        }

        public async Task<(string? Text, int? CloseCode, bool TooLarge)> ReceiveAsync()
        {
            var buffer = new byte[8192];
            using var message = new MemoryStream();
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return (null, (int?)result.CloseStatus, false);
                    }

                    message.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage)
                    {
                        return (Encoding.UTF8.GetString(message.ToArray()), null, message.Length > 4096);
                    }
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                return (null, null, false);
            }
        }

        public async Task CloseAsync(int code)
        {
            Record.ClosedWith = code;
            await _send.WaitAsync();
            try
            {
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)code, "fake close", CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
            {
                // Already gone.
            }
            finally
            {
                _send.Release();
            }

            Finished = true;
            await _stop.CancelAsync();
        }

        public void Drop()
        {
            Finished = true;
            try
            {
                context.Abort();
            }
            catch (ObjectDisposedException)
            {
                // The request already ended (the client closed first): nothing left to drop.
            }

            _stop.Cancel();
        }
    }
}
