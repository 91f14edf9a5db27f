using Bot.Core.Diagnostics;
using Bot.Core.Limits;
using Microsoft.Extensions.Options;

namespace Bot.Core.Engine;

/// <summary>The outcome of asking the rate limiter for room.</summary>
public enum RateDecision
{
    /// <summary>Within the limits: go ahead.</summary>
    Allowed,

    /// <summary>Over a limit, and the asker has not been told yet in this window: reply "slow down".</summary>
    LimitedTellOnce,

    /// <summary>Over a limit and already told in this window.</summary>
    LimitedAlreadyTold,
}

/// <summary>
/// Sliding one-minute windows per user (<c>Bot:RateLimit:PerUserPerMinute</c>) and per channel
/// (<c>Bot:RateLimit:PerChannelPerMinute</c>), plus a per-user cooldown per channel from the channel settings, on
/// monotonic time. The "slow down" notice is due once per limited stretch per key, so a user who keeps asking is told,
/// not flooded. The windows live in one <see cref="BoundedCache{TKey,TValue}"/> (<see cref="MaxKeys"/> keys; a key
/// idle for its window is forgotten, since nothing of it is left to count).
/// </summary>
/// <param name="runtime">Counts each refusal for the moderators' dashboard, when given.</param>
public sealed class RateLimiter(IOptions<BotOptions> options, TimeProvider time, RuntimeCounters? runtime = null)
{
    /// <summary>The most user, channel and cooldown windows remembered at once.</summary>
    public const int MaxKeys = 100_000;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly BoundedCache<string, Counter> _counters = new(MaxKeys, Window, time, StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How many windows are remembered now (for tests of the bound).</summary>
    internal int KeyCount => _counters.Count;

    /// <summary>Counts one question and decides. <paramref name="retryAfter"/> says how long until there is room.</summary>
    /// <param name="cooldownPlace">Where the cooldown's settings come from (a Discord thread with settings of its own);
    /// default <paramref name="chatId"/>. Each place keeps its own cooldown, so alternating places cannot reset one.</param>
    public RateDecision TryAcquire(string platform, string chatId, string userId, int cooldownSeconds, out TimeSpan retryAfter, string? cooldownPlace = null)
    {
        retryAfter = TimeSpan.Zero;
        var limits = options.Value.RateLimit;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            var user = Get($"u|{platform}|{userId}", limits.PerUserPerMinute, Window);
            var channel = Get($"c|{platform}|{chatId}", limits.PerChannelPerMinute, Window);
            var cooldown = cooldownSeconds > 0 ? Get($"k|{platform}|{cooldownPlace ?? chatId}|{userId}", 1, TimeSpan.FromSeconds(cooldownSeconds)) : null;

            foreach (var counter in (ReadOnlySpan<Counter?>)[user, channel, cooldown])
            {
                if (counter is null)
                {
                    continue;
                }

                var wait = counter.Window.WaitTime(now);
                if (wait > TimeSpan.Zero)
                {
                    retryAfter = wait;
                    runtime?.RateLimitRefused();
                    if (counter.Told)
                    {
                        return RateDecision.LimitedAlreadyTold;
                    }

                    counter.Told = true;
                    return RateDecision.LimitedTellOnce;
                }
            }

            foreach (var counter in (ReadOnlySpan<Counter?>)[user, channel, cooldown])
            {
                if (counter is not null)
                {
                    counter.Window.Record(now);
                    counter.Told = false;
                }
            }

            return RateDecision.Allowed;
        }
    }

    private Counter Get(string key, int limit, TimeSpan length)
    {
        var ttl = length > Window ? length : Window;
        var counter = _counters.GetOrAdd(key, _ => new Counter(new SlidingWindow(limit, length, time)), ttl);
        if (counter.Window.Limit != limit || counter.Window.Window != length)
        {
            // The limit or the channel's cooldown changed: start a fresh window with the new shape.
            counter = new Counter(new SlidingWindow(limit, length, time));
            _counters.Set(key, counter, ttl);
        }

        return counter;
    }

    private sealed class Counter(SlidingWindow window)
    {
        public SlidingWindow Window { get; } = window;

        public bool Told { get; set; }
    }
}
