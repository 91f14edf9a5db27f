using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bot.Discord.Gateway;
using Bot.Testing;

namespace Bot.Discord.Tests.Support;

/// <summary>A gateway transport driven by the test: it pushes frames and reads what the shard sent.</summary>
internal sealed class ScriptedTransport : IGatewayTransport
{
    private readonly Channel<GatewayFrame> _incoming = Channel.CreateUnbounded<GatewayFrame>();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _written;
    private int _receives;

    public Uri? ConnectedTo { get; private set; }

    /// <summary>Completes when the shard has called <see cref="ConnectAsync"/> (the factory hands out transports before that).</summary>
    public Task Connected => _connected.Task;

    public ConcurrentQueue<JsonObject> Sent { get; } = new();

    public int? ClosedWith { get; private set; }

    public Task ConnectAsync(Uri uri, CancellationToken cancellationToken = default)
    {
        ConnectedTo = uri;
        _connected.TrySetResult();
        return Task.CompletedTask;
    }

    public Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((JsonObject)JsonNode.Parse(Encoding.UTF8.GetString(payload.Span))!);
        return Task.CompletedTask;
    }

    public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _receives);
        return await _incoming.Reader.ReadAsync(cancellationToken);
    }

    /// <summary>
    /// Waits (bounded by steps, not by the wall clock) until the shard has handled every frame pushed so far: it asks
    /// for the next frame only after handling the one before.
    /// </summary>
    public async Task HandledAllAsync()
    {
        for (var i = 0; i < 3000 && Volatile.Read(ref _receives) <= Volatile.Read(ref _written); i++)
        {
            await Task.Delay(5);
        }

        Volatile.Read(ref _receives).ShouldBeGreaterThan(Volatile.Read(ref _written), "the shard did not handle the pushed frames");
    }

    public Task CloseAsync(int closeCode, CancellationToken cancellationToken = default)
    {
        ClosedWith ??= closeCode;
        Write(GatewayFrame.Closed(closeCode));
        return Task.CompletedTask;
    }

    public void Push(string json) => Write(new GatewayFrame(Encoding.UTF8.GetBytes(json)));

    public void PushClose(int? code) => Write(code is { } c ? GatewayFrame.Closed(c) : GatewayFrame.Dropped);

    private void Write(GatewayFrame frame)
    {
        Interlocked.Increment(ref _written);
        _incoming.Writer.TryWrite(frame);
    }

    public void Hello(int intervalMs = 1000) => Push($$$"""{"op":10,"d":{"heartbeat_interval":{{{intervalMs}}}}}""");

    public void Dispatch(long seq, string name, string data) => Push($$"""{"op":0,"s":{{seq}},"t":"{{name}}","d":{{data}}}""");

    public void Ready(long seq = 1, string resumeUrl = "ws://resume.test/gw") =>
        Dispatch(seq, "READY", $$$"""{"session_id":"sess-1","resume_gateway_url":"{{{resumeUrl}}}","user":{"id":"42","username":"bot","bot":true},"application":{"id":"43"}}""");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class ScriptedTransportFactory : IGatewayTransportFactory
{
    private readonly Channel<ScriptedTransport> _created = Channel.CreateUnbounded<ScriptedTransport>();

    public List<ScriptedTransport> All { get; } = [];

    public IGatewayTransport Create()
    {
        var t = new ScriptedTransport();
        lock (All)
        {
            All.Add(t);
        }

        _created.Writer.TryWrite(t);
        return t;
    }

    /// <summary>The next connection the shard opens (bounded wait).</summary>
    public async Task<ScriptedTransport> NextAsync()
    {
        var transport = await _created.Reader.ReadAsync().AsTask().WaitAsync(TestBounds.Wait);
        await transport.Connected.WaitAsync(TestBounds.Wait);
        return transport;
    }
}

/// <summary>Randomness with a fixed value, so jitter is predictable.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
