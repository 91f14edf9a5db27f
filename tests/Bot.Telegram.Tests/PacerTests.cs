using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Telegram.Tests;

public class PacerTests
{
    private static SendPacer Pacer(FakeTimeProvider time, int perChatMs = 1000, int groupPerMinute = 20, int globalPerSecond = 10_000) =>
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
}
