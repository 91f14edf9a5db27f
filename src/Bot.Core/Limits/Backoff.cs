namespace Bot.Core.Limits;

/// <summary>
/// Exponential backoff with jitter for loops that retry by themselves: the Discord gateway reconnect, Telegram polling
/// after a failed call. Attempt <c>n</c> (from 1) waits between half and all of
/// <c>min(max, base × 2^(n−1))</c>: the fixed half keeps a failing server from being hammered, the random half (from
/// the injected <see cref="Random"/>) spreads many bots apart ("equal jitter"). The caller waits on its injected
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock. Single HTTP calls retry through Polly
/// (Microsoft.Extensions.Http.Resilience) with the same shape instead; this is for loops that are more than one call.
/// </summary>
public static class Backoff
{
    /// <summary>The wait before attempt <paramref name="attempt"/> (1 for the first retry).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);

        // 2^30 base delays is beyond any maximum worth configuring; capping the exponent keeps the arithmetic finite.
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        double jitter;
        lock (random)
        {
            jitter = random.NextDouble();
        }

        return TimeSpan.FromMilliseconds((ceiling / 2) + (jitter * ceiling / 2));
    }
}
