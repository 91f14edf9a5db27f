namespace Bot.Discord.Gateway;

/// <summary>
/// Keeps one connection's sends within Discord's 120 per 60 seconds, holding back a few for heartbeats.
/// </summary>
/// <remarks>https://discord.com/developers/docs/events/gateway#rate-limiting</remarks>
internal sealed class GatewaySendLimiter(TimeProvider time, int limit = 120, int heartbeatReserve = 5)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _gate = new();

    public async Task WaitAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        var allowed = heartbeat ? limit : limit - heartbeatReserve;
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && now - _sent.Peek() >= Window)
                {
                    _sent.Dequeue();
                }

                if (_sent.Count < allowed)
                {
                    _sent.Enqueue(now);
                    return;
                }

                wait = _sent.Peek() + Window - now;
            }

            await Task.Delay(wait, time, cancellationToken);
        }
    }
}

/// <summary>
/// At most <c>max_concurrency</c> identifies per window, one per rate-limit key (<c>shard_id % max_concurrency</c>).
/// </summary>
/// <remarks>https://discord.com/developers/docs/events/gateway#sharding-max-concurrency</remarks>
internal sealed class IdentifyGate(TimeProvider time, TimeSpan window)
{
    private readonly Dictionary<int, DateTimeOffset> _nextAllowed = [];
    private readonly Lock _gate = new();
    private int _maxConcurrency = 1;

    public int MaxConcurrency
    {
        get => _maxConcurrency;
        set => _maxConcurrency = Math.Max(1, value);
    }

    public async Task WaitAsync(int shardId, CancellationToken cancellationToken)
    {
        var key = shardId % MaxConcurrency;
        TimeSpan wait;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var at = _nextAllowed.TryGetValue(key, out var next) && next > now ? next : now;
            _nextAllowed[key] = at + window;
            wait = at - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
