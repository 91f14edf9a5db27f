using Microsoft.Extensions.Time.Testing;

namespace Bot.Testing;

/// <summary>
/// A clock whose wall time can be stepped backwards or forwards (as NTP or an operator does) while its monotonic
/// timestamp and its timers keep following <see cref="Fake"/>: time that passes is <see cref="Advance"/>, a step of
/// the wall clock is <see cref="StepWallClock"/>. Code that measures durations on <see cref="GetUtcNow"/> sees the step.
/// </summary>
public sealed class SteppingClock(FakeTimeProvider fake) : TimeProvider
{
    private TimeSpan _step;

    public SteppingClock()
        : this(new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero)))
    {
    }

    public FakeTimeProvider Fake { get; } = fake;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow() + _step;

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Fake.CreateTimer(callback, state, dueTime, period);

    /// <summary>Time passes: timers fire, both clocks move on.</summary>
    public void Advance(TimeSpan by) => Fake.Advance(by);

    /// <summary>The wall clock jumps by <paramref name="by"/> (negative: backwards); no time passes.</summary>
    public void StepWallClock(TimeSpan by) => _step += by;
}
