using Bot.Core.Limits;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Limits;

public class SlidingWindowTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Events_up_to_the_limit_go_and_the_next_waits_until_the_oldest_leaves_the_window()
    {
        var window = new SlidingWindow(3, TimeSpan.FromSeconds(10), _time);
        window.TryRecord(_time.GetTimestamp(), out _).ShouldBeTrue();
        _time.Advance(TimeSpan.FromSeconds(2));
        window.TryRecord(_time.GetTimestamp(), out _).ShouldBeTrue();
        window.TryRecord(_time.GetTimestamp(), out _).ShouldBeTrue();

        window.TryRecord(_time.GetTimestamp(), out var wait).ShouldBeFalse();
        wait.ShouldBe(TimeSpan.FromSeconds(8));

        _time.Advance(TimeSpan.FromSeconds(8));
        window.TryRecord(_time.GetTimestamp(), out _).ShouldBeTrue();
        window.TryRecord(_time.GetTimestamp(), out wait).ShouldBeFalse();
        wait.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_generous_limit_grows_its_memory_only_as_events_come()
    {
        var window = new SlidingWindow(1_000_000, TimeSpan.FromMinutes(1), _time);
        for (var i = 0; i < 100; i++)
        {
            window.TryRecord(_time.GetTimestamp(), out _).ShouldBeTrue();
        }

        window.WaitTime(_time.GetTimestamp()).ShouldBe(TimeSpan.Zero);
        window.IsIdle(_time.GetTimestamp()).ShouldBeFalse();
        _time.Advance(TimeSpan.FromMinutes(1));
        window.IsIdle(_time.GetTimestamp()).ShouldBeTrue();
    }

    [Fact]
    public void The_order_of_events_survives_the_ring_growing()
    {
        var window = new SlidingWindow(6, TimeSpan.FromSeconds(60), _time);
        for (var i = 0; i < 6; i++)
        {
            window.TryRecord(_time.GetTimestamp(), out _).ShouldBeTrue();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // Six events at 0..5 s, now at 6 s: the first frees at 60 s.
        window.WaitTime(_time.GetTimestamp()).ShouldBe(TimeSpan.FromSeconds(54));
    }
}
