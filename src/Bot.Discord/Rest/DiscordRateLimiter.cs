using System.Globalization;
using System.Net.Http.Headers;
using Bot.Core.Limits;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Rest;

/// <summary>
/// Per-route buckets learned from <c>X-RateLimit-*</c> headers, the global limit, and the waits after a 429.
/// Requests in one bucket go one at a time, so the remaining count is never overrun. Waits run on monotonic time.
/// Buckets are bounded: at most <see cref="MaxBuckets"/>, forgotten after <see cref="RouteIdle"/> unused; those of an
/// interaction (keyed by its token) after <see cref="InteractionLifetime"/>, when the token expires anyway.
/// </summary>
/// <remarks>https://discord.com/developers/docs/topics/rate-limits</remarks>
internal sealed class DiscordRateLimiter(TimeProvider time, IOptions<DiscordOptions> options)
{
    /// <summary>The most buckets (and learned route-to-bucket names) remembered at once.</summary>
    public const int MaxBuckets = 10_000;

    /// <summary>An interaction token is valid for 15 minutes; its buckets go with it.</summary>
    public static readonly TimeSpan InteractionLifetime = TimeSpan.FromMinutes(15);

    /// <summary>A route bucket unused this long is forgotten (its reset has long passed).</summary>
    public static readonly TimeSpan RouteIdle = TimeSpan.FromHours(1);

    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(20);
    private readonly BoundedCache<string, string> _bucketOfRoute = new(MaxBuckets, RouteIdle, time, StringComparer.Ordinal);
    private readonly BoundedCache<string, Bucket> _buckets = new(MaxBuckets, RouteIdle, time, StringComparer.Ordinal);
    private readonly Lock _globalGate = new();
    private readonly SlidingWindow _globalWindow = new(options.Value.GlobalRequestsPerSecond, TimeSpan.FromSeconds(1), time);
    private long _globalBlockedUntil = long.MinValue;

    /// <summary>Waits for room in the route's bucket (and the global limit), then holds the bucket until disposed.</summary>
    public async Task<IDisposable> AcquireAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetTimestamp();
            if (bucket.Remaining <= 0 && bucket.ResetAt > now)
            {
                await Task.Delay(MonotonicTime.Until(time, now, bucket.ResetAt), time, cancellationToken);
                bucket.Remaining = 1;
            }

            await WaitGlobalAsync(route.Interaction, cancellationToken);
            return new Lease(bucket);
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }
    }

    /// <summary>Learns the bucket and its remaining count from a response's headers.</summary>
    public void Update(DiscordRoute route, HttpResponseHeaders headers)
    {
        var hash = Header(headers, "X-RateLimit-Bucket");
        var bucket = BucketFor(route);
        if (hash is not null)
        {
            _bucketOfRoute.Set(route.Key, hash, Lifetime(route));
            var learned = _buckets.GetOrAdd(hash + " " + route.Major, _ => bucket, Lifetime(route));
            if (!ReferenceEquals(learned, bucket))
            {
                bucket = learned;
            }
        }

        if (int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
        {
            bucket.Remaining = remaining;
        }

        if (double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var after))
        {
            // A small margin: the header is rounded and the clocks of both sides tick differently.
            bucket.ResetAt = MonotonicTime.Add(time, time.GetTimestamp(), TimeSpan.FromSeconds(Math.Max(0, after)) + ResetMargin);
        }
        else if (double.TryParse(Header(headers, "X-RateLimit-Reset"), NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            // An epoch time: turned into a wait once, here, so later clock steps do not move it.
            var wait = DateTimeOffset.FromUnixTimeMilliseconds((long)(epoch * 1000)) - time.GetUtcNow();
            bucket.ResetAt = MonotonicTime.Add(time, time.GetTimestamp(), (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + ResetMargin);
        }
    }

    /// <summary>A 429: the route's bucket (or every route, when global) waits <paramref name="retryAfter"/>.</summary>
    public void RateLimited(DiscordRoute route, TimeSpan retryAfter, bool global)
    {
        var until = MonotonicTime.Add(time, time.GetTimestamp(), retryAfter);
        if (global)
        {
            lock (_globalGate)
            {
                if (until > _globalBlockedUntil)
                {
                    _globalBlockedUntil = until;
                }
            }
        }
        else
        {
            var bucket = BucketFor(route);
            bucket.Remaining = 0;
            bucket.ResetAt = until;
        }
    }

    internal int BucketCount => _buckets.Count;

    private Bucket BucketFor(DiscordRoute route)
    {
        var key = _bucketOfRoute.TryGetValue(route.Key, out var hash) ? hash + " " + route.Major : route.Key;
        return _buckets.GetOrAdd(key, _ => new Bucket(), Lifetime(route));
    }

    private static TimeSpan Lifetime(DiscordRoute route) => route.Interaction ? InteractionLifetime : RouteIdle;

    private async Task WaitGlobalAsync(bool interaction, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_globalGate)
            {
                var now = time.GetTimestamp();
                if (_globalBlockedUntil > now)
                {
                    wait = MonotonicTime.Until(time, now, _globalBlockedUntil);
                }
                else if (interaction)
                {
                    // Interaction endpoints are exempt from the global limit.
                    return;
                }
                else if (_globalWindow.TryRecord(now, out wait))
                {
                    return;
                }
            }

            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, time, cancellationToken);
        }
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private sealed class Bucket
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Remaining { get; set; } = 1;

        /// <summary>A monotonic timestamp.</summary>
        public long ResetAt { get; set; } = long.MinValue;
    }

    private sealed class Lease(Bucket bucket) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                bucket.Gate.Release();
            }
        }
    }
}
