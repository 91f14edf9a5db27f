using Bot.Core.Diagnostics;
using Bot.Core.Engine;
using Bot.Core.Llm;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Admin;

public class RateLimiterTests
{
    private static RateLimiter Create(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, int perUser = 6, int perChannel = 30)
    {
        var options = new BotOptions();
        options.RateLimit.PerUserPerMinute = perUser;
        options.RateLimit.PerChannelPerMinute = perChannel;
        return new RateLimiter(Options.Create(options), time);
    }

    [Fact]
    public void A_user_over_the_limit_is_told_once_per_window_then_allowed_again()
    {
        var time = AdminTestKit.Clock();
        var limiter = Create(time, perUser: 3);
        for (var i = 0; i < 3; i++)
        {
            limiter.TryAcquire("telegram", "c", "u", 0, out _).ShouldBe(RateDecision.Allowed);
        }

        limiter.TryAcquire("telegram", "c", "u", 0, out var retry).ShouldBe(RateDecision.LimitedTellOnce);
        retry.ShouldBe(TimeSpan.FromMinutes(1));
        limiter.TryAcquire("telegram", "c", "u", 0, out _).ShouldBe(RateDecision.LimitedAlreadyTold);

        // Another user in the same channel is not affected.
        limiter.TryAcquire("telegram", "c", "other", 0, out _).ShouldBe(RateDecision.Allowed);

        time.Advance(TimeSpan.FromSeconds(61));
        limiter.TryAcquire("telegram", "c", "u", 0, out _).ShouldBe(RateDecision.Allowed);
    }

    [Fact]
    public void Every_refused_message_is_counted_for_the_dashboard_and_allowed_ones_are_not()
    {
        var time = AdminTestKit.Clock();
        var options = new BotOptions();
        options.RateLimit.PerUserPerMinute = 2;
        var runtime = new RuntimeCounters(time, Options.Create(new LlmOptions()));
        var limiter = new RateLimiter(Options.Create(options), time, runtime);

        limiter.TryAcquire("telegram", "c", "u", 0, out _);
        limiter.TryAcquire("telegram", "c", "u", 0, out _);
        runtime.Current.RateLimitRefusals.ShouldBe(0);

        limiter.TryAcquire("telegram", "c", "u", 0, out _).ShouldBe(RateDecision.LimitedTellOnce);
        limiter.TryAcquire("telegram", "c", "u", 0, out _).ShouldBe(RateDecision.LimitedAlreadyTold);
        limiter.TryAcquire("telegram", "c", "other", 0, out _).ShouldBe(RateDecision.Allowed);

        runtime.Current.RateLimitRefusals.ShouldBe(2);
        runtime.Current.Since.ShouldBe(AdminTestKit.Clock().GetUtcNow());
    }

    [Fact]
    public void The_channel_limit_counts_every_user()
    {
        var time = AdminTestKit.Clock();
        var limiter = Create(time, perUser: 10, perChannel: 4);
        for (var i = 0; i < 4; i++)
        {
            limiter.TryAcquire("discord", "c", $"u{i}", 0, out _).ShouldBe(RateDecision.Allowed);
        }

        limiter.TryAcquire("discord", "c", "u9", 0, out _).ShouldBe(RateDecision.LimitedTellOnce);
        limiter.TryAcquire("discord", "c", "u8", 0, out _).ShouldBe(RateDecision.LimitedAlreadyTold);
        limiter.TryAcquire("discord", "other-channel", "u9", 0, out _).ShouldBe(RateDecision.Allowed);
    }

    [Fact]
    public void The_channel_cooldown_spaces_one_users_questions()
    {
        var time = AdminTestKit.Clock();
        var limiter = Create(time);
        limiter.TryAcquire("telegram", "c", "u", 30, out _).ShouldBe(RateDecision.Allowed);
        time.Advance(TimeSpan.FromSeconds(10));
        limiter.TryAcquire("telegram", "c", "u", 30, out var retry).ShouldBe(RateDecision.LimitedTellOnce);
        retry.ShouldBe(TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(20));
        limiter.TryAcquire("telegram", "c", "u", 30, out _).ShouldBe(RateDecision.Allowed);
    }
}
