using Bot.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Telegram.Tests;

public class PacerTests
{
    private static SendPacer Pacer(TimeProvider time, int perChatMs = 1000, int groupPerMinute = 20, int globalPerSecond = 10_000) =>
        new(Options.Create(new TelegramOptions
        {
            PerChatIntervalMilliseconds = perChatMs,
            GroupMessagesPerMinute = groupPerMinute,
            GlobalMessagesPerSecond = globalPerSecond,
        }), time);

    [Fact]
    public async Task A_second_message_to_the_same_chat_waits_for_the_per_chat_gap()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var pacer = Pacer(time);
        await pacer.WaitTurnAsync(1, isGroup: false, CancellationToken.None);

        var second = pacer.WaitTurnAsync(1, isGroup: false, CancellationToken.None);
        var otherChat = pacer.WaitTurnAsync(2, isGroup: false, CancellationToken.None);

        otherChat.IsCompletedSuccessfully.ShouldBeTrue();
        second.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(999));
        second.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;
    }

    [Fact]
    public async Task A_group_gets_at_most_its_per_minute_budget()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time, perChatMs: 0, groupPerMinute: 3);
        for (var i = 0; i < 3; i++)
        {
            await pacer.WaitTurnAsync(-100, isGroup: true, CancellationToken.None);
        }

        var fourth = pacer.WaitTurnAsync(-100, isGroup: true, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(59));
        fourth.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        await fourth;
    }

    [Fact]
    public async Task The_overall_budget_spans_all_chats_and_is_spread_evenly()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time, perChatMs: 0, globalPerSecond: 4);
        await pacer.WaitTurnAsync(1, false, CancellationToken.None);

        var second = pacer.WaitTurnAsync(2, false, CancellationToken.None);
        second.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(249));
        second.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second;

        var third = pacer.WaitTurnAsync(3, false, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(250));
        await third;
    }

    [Fact]
    public async Task A_429_holds_the_chat_until_retry_after_passed()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time, perChatMs: 0);
        pacer.Hold(1, TimeSpan.FromSeconds(5));

        var next = pacer.WaitTurnAsync(1, false, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(4));
        next.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));
        await next;
    }

    [Fact]
    public async Task A_waiting_send_stops_when_cancelled()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time);
        await pacer.WaitTurnAsync(1, false, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = pacer.WaitTurnAsync(1, false, cts.Token);
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task A_step_of_the_wall_clock_backwards_does_not_stall_sends()
    {
        var clock = new SteppingClock();
        var pacer = Pacer(clock, perChatMs: 1000, groupPerMinute: 20, globalPerSecond: 25);
        await pacer.WaitTurnAsync(-100, isGroup: true, CancellationToken.None);

        clock.StepWallClock(TimeSpan.FromHours(-1));
        var next = pacer.WaitTurnAsync(-100, isGroup: true, CancellationToken.None);
        var other = pacer.WaitTurnAsync(7, isGroup: false, CancellationToken.None);
        for (var i = 0; i < 110; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // Measured on the wall clock, the last send would lie an hour in the future and both would wait an hour.
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        await other.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_step_of_the_wall_clock_forwards_does_not_burst_past_the_group_budget()
    {
        var clock = new SteppingClock();
        var pacer = Pacer(clock, perChatMs: 0, groupPerMinute: 2);
        await pacer.WaitTurnAsync(-100, isGroup: true, CancellationToken.None);
        await pacer.WaitTurnAsync(-100, isGroup: true, CancellationToken.None);

        clock.StepWallClock(TimeSpan.FromHours(1));
        var third = pacer.WaitTurnAsync(-100, isGroup: true, CancellationToken.None);

        third.IsCompleted.ShouldBeFalse();
        clock.Advance(TimeSpan.FromMinutes(1));
        await third.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_pacer_remembers_at_most_its_bound_of_chats_and_forgets_idle_ones()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time, perChatMs: 1000, globalPerSecond: 10_000);
        for (var chat = 1; chat <= SendPacer.MaxChats + 5_000; chat++)
        {
            await pacer.WaitTurnAsync(chat, isGroup: chat % 2 == 0, CancellationToken.None);
            if (chat % 5_000 == 0)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        pacer.ChatCount.ShouldBeLessThanOrEqualTo(SendPacer.MaxChats);

        time.Advance(SendPacer.ChatIdle);
        await pacer.WaitTurnAsync(-1, isGroup: true, CancellationToken.None);
        pacer.ChatCount.ShouldBe(1);
    }
}
