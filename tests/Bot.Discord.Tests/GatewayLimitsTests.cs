using Bot.Discord.Gateway;
using Bot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests;

public sealed class GatewayLimitsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Sends_beyond_the_per_minute_budget_wait_while_heartbeats_keep_a_reserve()
    {
        var limiter = new GatewaySendLimiter(_time, limit: 120, heartbeatReserve: 5);
        for (var i = 0; i < 115; i++)
        {
            await limiter.WaitAsync(heartbeat: false, default);
        }

        var ordinary = limiter.WaitAsync(heartbeat: false, default);
        var heartbeat = limiter.WaitAsync(heartbeat: true, default);

        heartbeat.IsCompletedSuccessfully.ShouldBeTrue();
        ordinary.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(60));
        await ordinary.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_step_of_the_wall_clock_backwards_does_not_stall_gateway_sends()
    {
        var clock = new SteppingClock();
        var limiter = new GatewaySendLimiter(clock, limit: 3, heartbeatReserve: 1);
        await limiter.WaitAsync(heartbeat: false, default);
        await limiter.WaitAsync(heartbeat: false, default);

        clock.StepWallClock(TimeSpan.FromHours(-1));
        var next = limiter.WaitAsync(heartbeat: false, default);
        clock.Advance(TimeSpan.FromSeconds(60));

        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Identifies_in_the_same_concurrency_bucket_are_spaced_by_the_window()
    {
        var gate = new IdentifyGate(_time, TimeSpan.FromSeconds(5)) { MaxConcurrency = 2 };

        await gate.WaitAsync(0, default);
        var otherBucket = gate.WaitAsync(1, default);
        var sameBucket = gate.WaitAsync(2, default);

        otherBucket.IsCompletedSuccessfully.ShouldBeTrue();
        sameBucket.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(5));
        await sameBucket.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
