using System.Collections.Concurrent;
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
/// Fixed one-minute windows per user (<c>Bot:RateLimit:PerUserPerMinute</c>) and per channel
/// (<c>Bot:RateLimit:PerChannelPerMinute</c>), plus a per-user cooldown per channel from the channel settings.
/// The "slow down" notice is due once per window per key, so a user who keeps asking is told, not flooded.
/// </summary>
public sealed class RateLimiter(IOptions<BotOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Counts one question and decides. <paramref name="retryAfter"/> says how long until there is room.</summary>
    public RateDecision TryAcquire(string platform, string chatId, string userId, int cooldownSeconds, out TimeSpan retryAfter)
    {
        var now = time.GetUtcNow();
        retryAfter = TimeSpan.Zero;
        Prune(now);

        var userKey = $"u|{platform}|{userId}";
        var channelKey = $"c|{platform}|{chatId}";
        var cooldownKey = $"k|{platform}|{chatId}|{userId}";
        var limits = options.Value.RateLimit;

        lock (_counters)
        {
            var user = Get(userKey, now, Window);
            var channel = Get(channelKey, now, Window);
            Counter? cooldown = cooldownSeconds > 0 ? Get(cooldownKey, now, TimeSpan.FromSeconds(cooldownSeconds)) : null;

            Counter? blocking = null;
            if (user.Count >= limits.PerUserPerMinute)
            {
                blocking = user;
            }
            else if (channel.Count >= limits.PerChannelPerMinute)
            {
                blocking = channel;
            }
            else if (cooldown is { Count: >= 1 })
            {
                blocking = cooldown;
            }

            if (blocking is not null)
            {
                retryAfter = blocking.Start + blocking.Length - now;
                if (blocking.Told)
                {
                    return RateDecision.LimitedAlreadyTold;
                }

                blocking.Told = true;
                return RateDecision.LimitedTellOnce;
            }

            user.Count++;
            channel.Count++;
            if (cooldown is not null)
            {
                cooldown.Count++;
            }

            return RateDecision.Allowed;
        }
    }

    private Counter Get(string key, DateTimeOffset now, TimeSpan length)
    {
        var counter = _counters.GetOrAdd(key, _ => new Counter { Start = now, Length = length });
        if (now >= counter.Start + counter.Length)
        {
            counter.Start = now;
            counter.Length = length;
            counter.Count = 0;
            counter.Told = false;
        }

        return counter;
    }

    private void Prune(DateTimeOffset now)
    {
        if (_counters.Count < 10_000)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            if (now >= counter.Start + counter.Length)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset Start { get; set; }

        public TimeSpan Length { get; set; }

        public int Count { get; set; }

        public bool Told { get; set; }
    }
}
