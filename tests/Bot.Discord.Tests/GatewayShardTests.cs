using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Discord.Gateway;
using Bot.Discord.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests;

/// <summary>The gateway state machine against a scripted transport and a fake clock: no sockets, no real waiting.</summary>
public sealed class GatewayShardTests : IAsyncDisposable
{
    private const string Token = "scripted-token-value";
    private readonly TimerRecordingClock _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ScriptedTransportFactory _transports = new();
    private readonly RecordingSink _sink = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    private GatewayShard Shard(int shardId = 0, int shardCount = 1)
    {
        var options = new DiscordOptions { Token = Token, InvalidSessionMinDelaySeconds = 1, InvalidSessionMaxDelaySeconds = 5, ReconnectBaseDelaySeconds = 1 };
        var settings = new GatewayShardSettings(Token, GatewayIntentsParser.Default, shardId, shardCount, new Uri("ws://gateway.test/"), options);
        return new GatewayShard(settings, _transports, _sink, new IdentifyGate(_time, TimeSpan.FromSeconds(5)), _time, new FixedRandom(0.5), NullLogger.Instance);
    }

    private GatewayShard Start(int shardId = 0, int shardCount = 1)
    {
        var shard = Shard(shardId, shardCount);
        _run = shard.RunAsync(_stop.Token);
        return shard;
    }

    /// <summary>Moves the fake clock in small steps until the transport sent a matching payload (bounded).</summary>
    private async Task<JsonObject> SentAsync(ScriptedTransport t, Func<JsonObject, bool> match, TimeSpan? step = null)
    {
        for (var i = 0; i < 3000; i++)
        {
            if (t.Sent.FirstOrDefault(match) is { } hit)
            {
                return hit;
            }

            if (_run is { IsFaulted: true })
            {
                await _run;
            }

            if (step is { } s)
            {
                _time.Advance(s);
            }

            await Task.Delay(5);
        }

        throw new TimeoutException("the shard did not send the expected payload");
    }

    private async Task<ScriptedTransport> NextConnectionAsync(TimeSpan? step = null)
    {
        var next = _transports.NextAsync();
        for (var i = 0; i < 3000 && !next.IsCompleted; i++)
        {
            if (step is { } s)
            {
                _time.Advance(s);
            }

            await Task.WhenAny(next, Task.Delay(5));
        }

        return await next;
    }

    private static bool Op(JsonObject p, int op) => p["op"]!.GetValue<int>() == op;

    private async Task<ScriptedTransport> ReadyConnectionAsync(long lastSeq = 1)
    {
        var t = await NextConnectionAsync();
        t.Hello(1000);
        await SentAsync(t, p => Op(p, 2));
        t.Ready();
        if (lastSeq > 1)
        {
            t.Dispatch(lastSeq, "TYPING_START", "{}");
        }

        await _sink.WaitForAsync(e => e.Name == (lastSeq > 1 ? "TYPING_START" : "READY"));
        return t;
    }

    [Fact]
    public async Task Identifies_with_token_intents_shard_and_properties_after_hello()
    {
        Start(shardId: 1, shardCount: 3);
        var t = await NextConnectionAsync();

        t.ConnectedTo!.Query.ShouldContain("v=10");
        t.ConnectedTo.Query.ShouldContain("encoding=json");
        t.Hello();
        var identify = await SentAsync(t, p => Op(p, 2));

        var d = identify["d"]!;
        d["token"]!.GetValue<string>().ShouldBe(Token);
        d["intents"]!.GetValue<int>().ShouldBe(1 | 512 | 4096);
        d["shard"]!.AsArray().Select(n => n!.GetValue<int>()).ShouldBe([1, 3]);
        d["properties"]!["os"].ShouldNotBeNull();
        d["properties"]!["browser"].ShouldNotBeNull();
        d["properties"]!["device"].ShouldNotBeNull();
        d["compress"].ShouldBeNull();
    }

    [Fact]
    public async Task Heartbeats_after_the_jitter_with_the_last_sequence()
    {
        Start();
        var t = await ReadyConnectionAsync(lastSeq: 7);

        var beat = await SentAsync(t, p => Op(p, 1), TimeSpan.FromMilliseconds(50));

        beat["d"]!.GetValue<long>().ShouldBe(7);
        _time.GetUtcNow().ShouldBeGreaterThanOrEqualTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero));
    }

    [Fact]
    public async Task Answers_a_heartbeat_request_at_once()
    {
        Start();
        var t = await ReadyConnectionAsync(lastSeq: 3);

        t.Push("""{"op":1,"d":null}""");
        var beat = await SentAsync(t, p => Op(p, 1));

        beat["d"]!.GetValue<long>().ShouldBe(3);
    }

    [Fact]
    public async Task Reconnects_and_resumes_at_the_resume_url_when_no_ack_arrives()
    {
        var shard = Start();
        var t = await ReadyConnectionAsync(lastSeq: 3);

        await SentAsync(t, p => Op(p, 1), TimeSpan.FromMilliseconds(50));
        var second = await NextConnectionAsync(TimeSpan.FromMilliseconds(50));

        t.ClosedWith.ShouldNotBeNull();
        t.ClosedWith.ShouldNotBe(1000);
        t.ClosedWith.ShouldNotBe(1001);
        second.ConnectedTo!.Host.ShouldBe("resume.test");
        second.ConnectedTo.Query.ShouldContain("v=10");
        second.Hello();
        var resume = await SentAsync(second, p => Op(p, 6));
        resume["d"]!["session_id"]!.GetValue<string>().ShouldBe("sess-1");
        resume["d"]!["seq"]!.GetValue<long>().ShouldBe(3);
        resume["d"]!["token"]!.GetValue<string>().ShouldBe(Token);
        second.Sent.ShouldNotContain(p => Op(p, 2));
        shard.Resumes.ShouldBe(1);
    }

    [Fact]
    public async Task Keeps_the_connection_while_acks_arrive()
    {
        var shard = Start();
        var t = await ReadyConnectionAsync();

        for (var i = 0; i < 3; i++)
        {
            await SentAsync(t, p => Op(p, 1) && t.Sent.Count(x => Op(x, 1)) > i, TimeSpan.FromMilliseconds(50));
            t.Push("""{"op":11}""");
            await t.HandledAllAsync(); // the ack is seen before the clock reaches the next heartbeat, however busy the machine
        }

        _transports.All.Count.ShouldBe(1);
        shard.Identifies.ShouldBe(1);
    }

    [Fact]
    public async Task Resumes_when_the_gateway_asks_to_reconnect()
    {
        Start();
        var t = await ReadyConnectionAsync(lastSeq: 4);

        t.Push("""{"op":7,"d":null}""");
        var second = await NextConnectionAsync();
        second.Hello();
        var resume = await SentAsync(second, p => Op(p, 6));

        second.ConnectedTo!.Host.ShouldBe("resume.test");
        resume["d"]!["seq"]!.GetValue<long>().ShouldBe(4);
    }

    [Fact]
    public async Task Resumes_after_a_dropped_connection_and_after_a_resumable_close()
    {
        Start();
        var t = await ReadyConnectionAsync(lastSeq: 2);

        t.PushClose(null);
        var second = await NextConnectionAsync();
        second.Hello();
        await SentAsync(second, p => Op(p, 6));
        second.Dispatch(3, "RESUMED", "{}");
        await _sink.WaitForAsync(e => e.Name == "RESUMED");
        second.PushClose(4000);
        var third = await NextConnectionAsync();
        third.Hello();
        var resume = await SentAsync(third, p => Op(p, 6));

        resume["d"]!["seq"]!.GetValue<long>().ShouldBe(3);
    }

    [Fact]
    public async Task Identifies_again_after_an_invalid_session_that_cannot_be_resumed()
    {
        var shard = Start();
        var t = await ReadyConnectionAsync(lastSeq: 5);

        t.Push("""{"op":9,"d":false}""");
        var second = await NextConnectionAsync(TimeSpan.FromMilliseconds(200));
        second.Hello();
        var identify = await SentAsync(second, p => Op(p, 2), TimeSpan.FromMilliseconds(200));

        second.ConnectedTo!.Host.ShouldBe("gateway.test");
        identify["d"]!["token"]!.GetValue<string>().ShouldBe(Token);
        shard.SessionId.ShouldBeNull();
        shard.Identifies.ShouldBe(2);
    }

    [Fact]
    public async Task Resumes_after_an_invalid_session_that_can_be_resumed()
    {
        Start();
        var t = await ReadyConnectionAsync(lastSeq: 5);

        t.Push("""{"op":9,"d":true}""");
        var second = await NextConnectionAsync();
        second.Hello();

        (await SentAsync(second, p => Op(p, 6)))["d"]!["seq"]!.GetValue<long>().ShouldBe(5);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Identifies_again_after_a_close_that_ends_the_session(int code)
    {
        Start();
        var t = await ReadyConnectionAsync();

        t.PushClose(code);
        var second = await NextConnectionAsync(TimeSpan.FromMilliseconds(200));
        second.Hello();

        await SentAsync(second, p => Op(p, 2), TimeSpan.FromMilliseconds(200));
        second.Sent.ShouldNotContain(p => Op(p, 6));
    }

    [Theory]
    [InlineData(4004, "Discord:Token")]
    [InlineData(4010, "Discord:ShardIds")]
    [InlineData(4011, "Discord:ShardCount")]
    [InlineData(4012, "version")]
    [InlineData(4013, "Discord:Intents")]
    [InlineData(4014, "developer portal")]
    public async Task Stops_with_a_clear_error_on_a_fatal_close_code(int code, string hint)
    {
        var shard = Shard();
        var run = shard.RunAsync(_stop.Token);
        var t = await NextConnectionAsync();
        t.Hello();
        await SentAsync(t, p => Op(p, 2));

        t.PushClose(code);
        var error = await Should.ThrowAsync<GatewayFatalException>(run.WaitAsync(TimeSpan.FromSeconds(15)));

        error.CloseCode.ShouldBe(code);
        error.Message.ShouldContain(hint);
        error.Message.ShouldNotContain(Token);
        _transports.All.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Ignores_malformed_payloads_and_unknown_events()
    {
        Start();
        var t = await ReadyConnectionAsync();

        t.Push("{not json");
        t.Push("[1,2,3]");
        t.Push("""{"op":"seven"}""");
        t.Push("""{"op":99,"d":{}}""");
        t.Dispatch(2, "SOMETHING_NEW", """{"x":[1,{"y":null}]}""");
        t.Dispatch(3, "MESSAGE_CREATE", """{"id":"1","channel_id":"2","content":"still here"}""");

        var message = await _sink.WaitForAsync(e => e.Name == "MESSAGE_CREATE");
        message.Data.GetProperty("content").GetString().ShouldBe("still here");
        _sink.Events.ShouldContain(e => e.Name == "SOMETHING_NEW");
        _transports.All.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Waits_twice_as_long_after_each_failed_connection_up_to_the_maximum_on_the_injected_clock()
    {
        var failing = new FailingFactory(_transports, times: 5);
        var options = new DiscordOptions { Token = Token, ReconnectBaseDelaySeconds = 1, ReconnectMaxDelaySeconds = 5 };
        var settings = new GatewayShardSettings(Token, GatewayIntentsParser.Default, 0, 1, new Uri("ws://gateway.test/"), options);
        var shard = new GatewayShard(settings, failing, _sink, new IdentifyGate(_time, TimeSpan.Zero), _time, new FixedRandom(0.5), NullLogger.Instance);
        _run = shard.RunAsync(_stop.Token);

        var t = await NextConnectionAsync(TimeSpan.FromMilliseconds(250));

        // Ceilings 1, 2, 4, 5, 5 s; the injected random (0.5) puts each wait at three quarters of its ceiling.
        failing.Failures.ShouldBe(5);
        _time.Waits.ShouldBe([0.75, 1.5, 3, 3.75, 3.75], "the waits before each new connection, in seconds");
        t.Hello();
        await SentAsync(t, p => Op(p, 2));
    }

    [Fact]
    public async Task Reconnects_when_the_connection_cannot_be_opened()
    {
        var failing = new FailingFactory(_transports, times: 1);
        var options = new DiscordOptions { Token = Token, ReconnectBaseDelaySeconds = 1 };
        var settings = new GatewayShardSettings(Token, GatewayIntentsParser.Default, 0, 1, new Uri("ws://gateway.test/"), options);
        var shard = new GatewayShard(settings, failing, _sink, new IdentifyGate(_time, TimeSpan.FromSeconds(5)), _time, new FixedRandom(0.5), NullLogger.Instance);
        _run = shard.RunAsync(_stop.Token);

        var t = await NextConnectionAsync(TimeSpan.FromMilliseconds(100));
        t.Hello();

        await SentAsync(t, p => Op(p, 2));
        failing.Failures.ShouldBe(1);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is OperationCanceledException or GatewayFatalException)
            {
                // Stopped.
            }
        }

        _stop.Dispose();
    }

    internal sealed class RecordingSink : IGatewayEventSink
    {
        public ConcurrentQueue<(int Shard, string Name, JsonElement Data)> Events { get; } = new();

        public ValueTask OnDispatchAsync(int shardId, string eventName, JsonElement data, CancellationToken cancellationToken)
        {
            Events.Enqueue((shardId, eventName, data.Clone()));
            return ValueTask.CompletedTask;
        }

        public async Task<(int Shard, string Name, JsonElement Data)> WaitForAsync(Func<(int Shard, string Name, JsonElement Data), bool> match)
        {
            for (var i = 0; i < 3000; i++)
            {
                foreach (var e in Events)
                {
                    if (match(e))
                    {
                        return e;
                    }
                }

                await Task.Delay(5);
            }

            throw new TimeoutException("event not received");
        }
    }

    /// <summary>A fake clock that also notes the due time of every timer created on it (each wait, in seconds).</summary>
    private sealed class TimerRecordingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly ConcurrentQueue<double> _waits = new();

        public IReadOnlyList<double> Waits => [.. _waits];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _waits.Enqueue(dueTime.TotalSeconds);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class FailingFactory(ScriptedTransportFactory inner, int times) : IGatewayTransportFactory
    {
        public int Failures { get; private set; }

        public IGatewayTransport Create()
        {
            if (Failures < times)
            {
                Failures++;
                return new ThrowingTransport();
            }

            return inner.Create();
        }
    }

    private sealed class ThrowingTransport : IGatewayTransport
    {
        public Task ConnectAsync(Uri uri, CancellationToken cancellationToken = default) => throw new System.Net.WebSockets.WebSocketException("refused");

        public Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default) => Task.FromResult(GatewayFrame.Dropped);

        public Task CloseAsync(int closeCode, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
