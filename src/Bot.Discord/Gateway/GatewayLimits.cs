using Bot.Core.Limits;

namespace Bot.Discord.Gateway;

/// <summary>
/// Keeps one connection's sends within Discord's 120 per 60 seconds, holding back a few for heartbeats.
/// </summary>
/// <remarks>https://discord.com/developers/docs/events/gateway#rate-limiting</remarks>
internal sealed class GatewaySendLimiter(TimeProvider time, int limit = 120, int heartbeatReserve = 5)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    private readonly SlidingWindow _all = new(limit, Window, time);
    private readonly SlidingWindow _other = new(limit - heartbeatReserve, Window, time);
    private readonly Lock _gate = new();

    public async Task WaitAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                // Every send counts against the whole budget; other sends also against the budget less the reserve.
                var now = time.GetTimestamp();
                wait = _all.WaitTime(now);
                if (!heartbeat && _other.WaitTime(now) is var otherWait && otherWait > wait)
                {
                    wait = otherWait;
                }

                if (wait <= TimeSpan.Zero)
                {
                    _all.Record(now);
                    if (!heartbeat)
                    {
                        _other.Record(now);
                    }

                    return;
                }
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
    private readonly Dictionary<int, long> _nextAllowed = [];
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
            var now = time.GetTimestamp();
            var at = _nextAllowed.TryGetValue(key, out var next) && next > now ? next : now;
            _nextAllowed[key] = MonotonicTime.Add(time, at, window);
            wait = MonotonicTime.Until(time, now, at);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
