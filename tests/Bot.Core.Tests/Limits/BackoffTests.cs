using Bot.Core.Limits;

namespace Bot.Core.Tests.Limits;

public class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Fact]
    public void Doubles_with_each_attempt_up_to_the_maximum()
    {
        var waits = Enumerable.Range(1, 9).Select(a => Backoff.Delay(a, Base, Max, new FixedRandom(1.0)).TotalSeconds).ToList();

        waits.ShouldBe([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    [Fact]
    public void The_jitter_from_the_injected_random_spreads_the_wait_between_half_and_all_of_it()
    {
        Backoff.Delay(3, Base, Max, new FixedRandom(0.0)).ShouldBe(TimeSpan.FromSeconds(2));
        Backoff.Delay(3, Base, Max, new FixedRandom(0.5)).ShouldBe(TimeSpan.FromSeconds(3));
        Backoff.Delay(3, Base, Max, new FixedRandom(0.999)).ShouldBeLessThan(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void A_very_long_run_of_failures_stays_at_the_maximum()
    {
        Backoff.Delay(int.MaxValue, Base, Max, new FixedRandom(1.0)).ShouldBe(Max);
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
