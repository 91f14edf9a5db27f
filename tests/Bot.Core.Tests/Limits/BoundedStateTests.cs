using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Core.Tests.Admin;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Limits;

/// <summary>The core's per-user, per-channel and per-answer state stays within its bounds however many keys come.</summary>
public class BoundedStateTests
{
    [Fact]
    public void The_rate_limiter_remembers_at_most_its_bound_of_keys_however_many_users_ask()
    {
        var time = AdminTestKit.Clock();
        var limiter = new RateLimiter(Options.Create(new BotOptions()), time);
        for (var i = 0; i < 60_000; i++)
        {
            limiter.TryAcquire("telegram", "chat" + (i % 20_000), "user" + i, 0, out _).ShouldBe(RateDecision.Allowed);
        }

        limiter.KeyCount.ShouldBeLessThanOrEqualTo(RateLimiter.MaxKeys);
    }

    [Fact]
    public void The_rate_limiter_forgets_users_idle_for_a_window()
    {
        var time = AdminTestKit.Clock();
        var limiter = new RateLimiter(Options.Create(new BotOptions()), time);
        for (var i = 0; i < 1_000; i++)
        {
            limiter.TryAcquire("telegram", "chat", "user" + i, 30, out _);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        limiter.TryAcquire("telegram", "chat", "late", 0, out _).ShouldBe(RateDecision.Allowed);

        limiter.KeyCount.ShouldBe(2);
    }

    [Fact]
    public void Places_told_they_are_not_allowed_are_bounded_and_told_again_after_a_day()
    {
        var time = AdminTestKit.Clock();
        var options = new BotOptions();
        options.AllowedChats.Add("-1");
        var policy = new ChannelPolicy(Options.Create(options), new InMemoryChannelSettingsStore(), time);
        var settings = new ChannelSettings("telegram", "x", true, ChannelMode.All, null, 0, null, null);
        for (var i = 0; i < ChannelPolicy.MaxTold + 10; i++)
        {
            policy.Decide(Mentioned("-100" + i), settings, false).ShouldBe(PolicyVerdict.NotAllowedHere);
        }

        policy.Decide(Mentioned("-1000"), settings, false).ShouldBe(PolicyVerdict.NotAllowedHere, "the oldest place was forgotten");
        policy.Decide(Mentioned("-1005000"), settings, false).ShouldBe(PolicyVerdict.Ignore);
        time.Advance(ChannelPolicy.ToldFor);
        policy.Decide(Mentioned("-1005000"), settings, false).ShouldBe(PolicyVerdict.NotAllowedHere);
    }

    [Fact]
    public async Task A_reply_in_several_parts_keeps_its_answer_findable_and_the_store_stays_bounded()
    {
        var store = new InMemoryAnswerStore(AdminTestKit.Clock());
        var multi = Answer("m1", "a-multi");
        await store.SaveAsync(multi);
        await store.SaveAsync(multi with { BotMessageId = "m2" });
        await store.SaveAsync(multi with { BotMessageId = "m3" });
        store.MessageCount.ShouldBe(3);
        store.AnswerCount.ShouldBe(1);

        for (var i = 0; i < InMemoryAnswerStore.MaxRemembered + 500; i++)
        {
            await store.SaveAsync(Answer("x" + i, "a" + i));
        }

        store.MessageCount.ShouldBe(InMemoryAnswerStore.MaxRemembered);
        store.AnswerCount.ShouldBe(InMemoryAnswerStore.MaxRemembered);
        (await store.FindByAnswerIdAsync("a" + (InMemoryAnswerStore.MaxRemembered + 499))).ShouldNotBeNull();
    }

    [Fact]
    public async Task Votes_older_than_the_retention_are_pruned()
    {
        var store = new InMemoryFeedbackStore();
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
        await store.RecordAsync(Vote("old", now.AddDays(-400)));
        await store.RecordAsync(Vote("new", now.AddDays(-1)));

        (await store.PruneAsync(now.AddDays(-365))).ShouldBe(1);

        (await store.ListAsync(DateTimeOffset.MinValue)).Select(v => v.AnswerId).ShouldBe(["new"]);
    }

    private static IncomingMessage Mentioned(string chat) =>
        new("telegram", chat, "u", "1", "hi", Flags: MessageFlags.Mentioned);

    private static StoredAnswer Answer(string message, string answerId) =>
        new("telegram", "c", message, answerId, "q", "a", "en", [], DateTimeOffset.UnixEpoch);

    private static FeedbackEntry Vote(string answerId, DateTimeOffset at) =>
        new(answerId, "telegram", "c", "u", FeedbackVote.Up, "q", "a", [], at);
}
