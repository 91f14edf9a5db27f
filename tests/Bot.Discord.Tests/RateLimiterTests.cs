using Bot.Discord.Rest;
using Bot.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests;

/// <summary>Buckets, the global limit and 429 waits, on a fake clock.</summary>
public sealed class RateLimiterTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly DiscordRateLimiter _limiter;
    private static readonly DiscordRoute Messages = new(HttpMethod.Post, "/channels/{channel_id}/messages", "channels/1/messages", "1");
    private static readonly DiscordRoute OtherChannel = new(HttpMethod.Post, "/channels/{channel_id}/messages", "channels/2/messages", "2");
    private static readonly DiscordRoute Callback = new(HttpMethod.Post, "/interactions/{id}/{token}/callback", "interactions/5/t/callback", "5", RouteKind.InteractionCallback, Interaction: true);

    public RateLimiterTests()
    {
        _limiter = new DiscordRateLimiter(_time, Options.Create(new DiscordOptions { GlobalRequestsPerSecond = 3 }));
    }

    private static HttpResponseMessage Headers(string remaining, string resetAfter, string bucket = "abc")
    {
        var response = new HttpResponseMessage();
        response.Headers.Add("X-RateLimit-Limit", "5");
        response.Headers.Add("X-RateLimit-Remaining", remaining);
        response.Headers.Add("X-RateLimit-Reset-After", resetAfter);
        response.Headers.Add("X-RateLimit-Bucket", bucket);
        return response;
    }

    [Fact]
    public async Task An_exhausted_bucket_waits_for_its_reset_and_other_channels_do_not()
    {
        using (await _limiter.AcquireAsync(Messages, default))
        {
            using var headers = Headers("0", "2.5");
            _limiter.Update(Messages, headers.Headers);
        }

        var waiting = _limiter.AcquireAsync(Messages, default);
        var other = _limiter.AcquireAsync(OtherChannel, default);

        other.IsCompletedSuccessfully.ShouldBeTrue();
        waiting.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(2.6));
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await other).Dispose();
    }

    [Fact]
    public async Task A_global_429_holds_every_route_until_retry_after()
    {
        _limiter.RateLimited(Messages, TimeSpan.FromSeconds(4), global: true);

        var other = _limiter.AcquireAsync(OtherChannel, default);

        other.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(4));
        (await other.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task A_route_429_holds_only_that_route()
    {
        _limiter.RateLimited(Messages, TimeSpan.FromSeconds(3), global: false);

        var same = _limiter.AcquireAsync(Messages, default);
        var other = _limiter.AcquireAsync(OtherChannel, default);

        other.IsCompletedSuccessfully.ShouldBeTrue();
        same.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(3));
        (await same.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await other).Dispose();
    }

    [Fact]
    public async Task The_global_limit_spreads_requests_but_spares_interaction_callbacks()
    {
        for (var i = 0; i < 3; i++)
        {
            var route = new DiscordRoute(HttpMethod.Get, "/channels/{channel_id}", $"channels/{10 + i}", (10 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            (await _limiter.AcquireAsync(route, default)).Dispose();
        }

        var fourth = _limiter.AcquireAsync(OtherChannel, default);
        var callback = _limiter.AcquireAsync(Callback, default);

        callback.IsCompletedSuccessfully.ShouldBeTrue();
        fourth.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));
        (await fourth.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await callback).Dispose();
    }

    [Fact]
    public async Task Requests_in_one_bucket_go_one_at_a_time()
    {
        var first = await _limiter.AcquireAsync(Messages, default);

        var second = _limiter.AcquireAsync(Messages, default);

        second.IsCompleted.ShouldBeFalse();
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Buckets_keyed_by_an_interaction_token_expire_with_the_token_after_15_minutes()
    {
        for (var i = 0; i < 200; i++)
        {
            var followup = new DiscordRoute(HttpMethod.Post, "/webhooks/{application_id}/{token}", $"webhooks/1/token{i}", $"1/token{i}", RouteKind.Message, Interaction: true);
            (await _limiter.AcquireAsync(followup, default)).Dispose();
        }

        (await _limiter.AcquireAsync(Messages, default)).Dispose();
        _limiter.BucketCount.ShouldBe(201);

        _time.Advance(DiscordRateLimiter.InteractionLifetime);
        (await _limiter.AcquireAsync(Messages, default)).Dispose();

        _limiter.BucketCount.ShouldBe(1);
    }

    [Fact]
    public async Task Buckets_are_bounded_however_many_routes_are_used()
    {
        var limiter = new DiscordRateLimiter(_time, Options.Create(new DiscordOptions { GlobalRequestsPerSecond = 10_000 }));
        for (var i = 0; i < DiscordRateLimiter.MaxBuckets + 2_000; i++)
        {
            var id = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var route = new DiscordRoute(HttpMethod.Post, "/channels/{channel_id}/messages", $"channels/{id}/messages", id);
            (await limiter.AcquireAsync(route, default)).Dispose();
            if (i % 5_000 == 0)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        limiter.BucketCount.ShouldBeLessThanOrEqualTo(DiscordRateLimiter.MaxBuckets);
    }

    [Fact]
    public async Task A_step_of_the_wall_clock_backwards_does_not_stall_a_route_after_its_reset()
    {
        var clock = new SteppingClock();
        var limiter = new DiscordRateLimiter(clock, Options.Create(new DiscordOptions { GlobalRequestsPerSecond = 3 }));
        using (await limiter.AcquireAsync(Messages, default))
        {
            using var headers = Headers("0", "1");
            limiter.Update(Messages, headers.Headers);
        }

        clock.StepWallClock(TimeSpan.FromHours(-1));
        var next = limiter.AcquireAsync(Messages, default);
        clock.Advance(TimeSpan.FromSeconds(1.1));

        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
