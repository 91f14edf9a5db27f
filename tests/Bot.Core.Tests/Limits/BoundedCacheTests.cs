using Bot.Core.Limits;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Limits;

public class BoundedCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Past_its_capacity_the_least_recently_used_entry_goes_first()
    {
        var cache = new BoundedCache<int, string>(3, TimeSpan.FromHours(1), _time);
        cache.Set(1, "a");
        cache.Set(2, "b");
        cache.Set(3, "c");
        cache.TryGetValue(1, out _).ShouldBeTrue();

        cache.Set(4, "d");

        cache.Count.ShouldBe(3);
        cache.ContainsKey(2).ShouldBeFalse();
        cache.ContainsKey(1).ShouldBeTrue();
        cache.ContainsKey(4).ShouldBeTrue();
    }

    [Fact]
    public void An_entry_unused_for_its_time_to_live_is_gone_and_dropped_as_the_map_is_used()
    {
        var cache = new BoundedCache<string, int>(100, TimeSpan.FromMinutes(2), _time);
        for (var i = 0; i < 50; i++)
        {
            cache.Set("old" + i, i);
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        cache.TryGetValue("old7", out _).ShouldBeTrue();
        _time.Advance(TimeSpan.FromMinutes(1));

        cache.Set("new", 1);

        cache.Count.ShouldBe(2);
        cache.ContainsKey("old7").ShouldBeTrue();
        cache.ContainsKey("old8").ShouldBeFalse();
    }

    [Fact]
    public void An_entry_may_carry_its_own_time_to_live()
    {
        var cache = new BoundedCache<string, int>(100, TimeSpan.FromHours(1), _time);
        cache.Set("token", 1, TimeSpan.FromMinutes(15));
        cache.Set("route", 2);

        _time.Advance(TimeSpan.FromMinutes(15));

        cache.ContainsKey("token").ShouldBeFalse();
        cache.ContainsKey("route").ShouldBeTrue();
    }

    [Fact]
    public void Try_add_is_false_while_the_key_is_held_and_true_again_after_it_expired()
    {
        var cache = new BoundedCache<string, byte>(10, TimeSpan.FromDays(1), _time);
        cache.TryAdd("chat", 0).ShouldBeTrue();
        cache.TryAdd("chat", 0).ShouldBeFalse();
        _time.Advance(TimeSpan.FromDays(1));
        cache.TryAdd("chat", 0).ShouldBeTrue();
    }
}
