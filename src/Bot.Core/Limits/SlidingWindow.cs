namespace Bot.Core.Limits;

/// <summary>
/// The one rate-limit primitive: at most <see cref="Limit"/> events in any span of <see cref="Window"/>, measured on
/// monotonic time (<see cref="TimeProvider.GetTimestamp"/>), so a step of the wall clock neither stalls nor bursts
/// anything. It remembers the last <see cref="Limit"/> event times in a ring (grown as events come, so a generous
/// limit costs nothing until used) and nothing else.
/// Not thread-safe: the owner holds its own lock around each call.
/// </summary>
public sealed class SlidingWindow
{
    private readonly int _limit;
    private long[] _events;
    private readonly long _windowTicks;
    private readonly TimeProvider _time;
    private int _next;
    private int _count;

    public SlidingWindow(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _limit = limit;
        _events = new long[Math.Min(limit, 4)];
        _time = time;
        _windowTicks = MonotonicTime.ToTimestampTicks(time, window);
        Window = window;
    }

    public int Limit => _limit;

    public TimeSpan Window { get; }

    /// <summary>How long from <paramref name="now"/> until one more event fits; zero when it fits now.</summary>
    public TimeSpan WaitTime(long now)
    {
        if (_count < _limit)
        {
            return TimeSpan.Zero;
        }

        // Full: the oldest of the last Limit events must leave the window first.
        var oldest = _events[_next];
        var freeAt = oldest + _windowTicks;
        return freeAt <= now ? TimeSpan.Zero : _time.GetElapsedTime(now, freeAt);
    }

    /// <summary>Books one event at <paramref name="now"/> (whether or not it fit: the caller decided to go ahead).</summary>
    public void Record(long now)
    {
        if (_count == _events.Length && _count < _limit)
        {
            Grow();
        }

        _events[_next] = now;
        _next = (_next + 1) % _events.Length;
        if (_count < _events.Length)
        {
            _count++;
        }
    }

    /// <summary>Books one event when it fits now; otherwise says how long to wait.</summary>
    public bool TryRecord(long now, out TimeSpan wait)
    {
        wait = WaitTime(now);
        if (wait > TimeSpan.Zero)
        {
            return false;
        }

        Record(now);
        return true;
    }

    private void Grow()
    {
        // Full and in order from _next (oldest) round to _next - 1 (newest): copy out oldest first.
        var grown = new long[Math.Min(_limit, _events.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _events[(_next + i) % _events.Length];
        }

        _events = grown;
        _next = _count;
    }

    /// <summary>True when no event is left inside the window at <paramref name="now"/>: the window may be forgotten.</summary>
    public bool IsIdle(long now) => _count == 0 || _events[(_next + _events.Length - 1) % _events.Length] + _windowTicks <= now;
}

/// <summary>Durations on the monotonic timestamp of a <see cref="TimeProvider"/>.</summary>
public static class MonotonicTime
{
    /// <summary><paramref name="span"/> in the provider's timestamp ticks (rounded up, so a wait is never short).</summary>
    public static long ToTimestampTicks(TimeProvider time, TimeSpan span)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (span <= TimeSpan.Zero)
        {
            return 0;
        }

        var ticks = (decimal)span.Ticks * time.TimestampFrequency / TimeSpan.TicksPerSecond;
        return ticks >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)Math.Ceiling(ticks);
    }

    /// <summary>The timestamp <paramref name="span"/> after <paramref name="timestamp"/>.</summary>
    public static long Add(TimeProvider time, long timestamp, TimeSpan span) => timestamp + ToTimestampTicks(time, span);

    /// <summary>How long from <paramref name="now"/> until <paramref name="until"/>; zero when already passed.</summary>
    public static TimeSpan Until(TimeProvider time, long now, long until)
    {
        ArgumentNullException.ThrowIfNull(time);
        return until <= now ? TimeSpan.Zero : time.GetElapsedTime(now, until);
    }
}
