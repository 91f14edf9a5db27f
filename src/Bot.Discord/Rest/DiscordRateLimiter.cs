using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Rest;

/// <summary>
/// Per-route buckets learned from <c>X-RateLimit-*</c> headers, the global limit, and the waits after a 429.
/// Requests in one bucket go one at a time, so the remaining count is never overrun.
/// </summary>
/// <remarks>https://discord.com/developers/docs/topics/rate-limits</remarks>
internal sealed class DiscordRateLimiter(TimeProvider time, IOptions<DiscordOptions> options)
{
    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(20);
    private readonly ConcurrentDictionary<string, string> _bucketOfRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _globalGate = new();
    private readonly Queue<DateTimeOffset> _globalWindow = new();
    private DateTimeOffset _globalBlockedUntil = DateTimeOffset.MinValue;

    /// <summary>Waits for room in the route's bucket (and the global limit), then holds the bucket until disposed.</summary>
    public async Task<IDisposable> AcquireAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(route);
        await bucket.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (bucket.Remaining <= 0 && bucket.ResetAt > now)
            {
                await Task.Delay(bucket.ResetAt - now, time, cancellationToken);
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
            _bucketOfRoute[route.Key] = hash;
            var learned = _buckets.GetOrAdd(hash + " " + route.Major, _ => bucket);
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
            bucket.ResetAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, after)) + ResetMargin;
        }
        else if (double.TryParse(Header(headers, "X-RateLimit-Reset"), NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            bucket.ResetAt = DateTimeOffset.FromUnixTimeMilliseconds((long)(epoch * 1000)) + ResetMargin;
        }
    }

    /// <summary>A 429: the route's bucket (or every route, when global) waits <paramref name="retryAfter"/>.</summary>
    public void RateLimited(DiscordRoute route, TimeSpan retryAfter, bool global)
    {
        var until = time.GetUtcNow() + retryAfter;
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
        return _buckets.GetOrAdd(key, _ => new Bucket());
    }

    private async Task WaitGlobalAsync(bool interaction, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_globalGate)
            {
                var now = time.GetUtcNow();
                if (_globalBlockedUntil > now)
                {
                    wait = _globalBlockedUntil - now;
                }
                else if (interaction)
                {
                    // Interaction endpoints are exempt from the global limit.
                    return;
                }
                else
                {
                    while (_globalWindow.Count > 0 && now - _globalWindow.Peek() >= TimeSpan.FromSeconds(1))
                    {
                        _globalWindow.Dequeue();
                    }

                    if (_globalWindow.Count < options.Value.GlobalRequestsPerSecond)
                    {
                        _globalWindow.Enqueue(now);
                        return;
                    }

                    wait = _globalWindow.Peek() + TimeSpan.FromSeconds(1) - now;
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

        public DateTimeOffset ResetAt { get; set; } = DateTimeOffset.MinValue;
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
