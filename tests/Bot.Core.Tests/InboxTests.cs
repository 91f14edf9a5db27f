using System.Collections.Concurrent;
using Bot.Core.Inbox;
using Bot.Testing.FakeDiscord;

namespace Bot.Core.Tests;

public class InboxTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_held_item_delays_only_its_own_chat_and_the_chat_stays_in_order()
    {
        using var queue = new PerChatQueue<string>(capacity: 100);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var run = queue.RunAsync(4, async (item, ct) =>
        {
            if (item == "a1")
            {
                await release.Task.WaitAsync(ct);
            }

            done.Enqueue(item);
        }, stop.Token);

        await queue.AddAsync("a", "a1", CancellationToken.None);
        await queue.AddAsync("a", "a2", CancellationToken.None);
        foreach (var item in new[] { "b1", "b2", "c1", "b3" })
        {
            await queue.AddAsync(item[..1], item, CancellationToken.None);
        }

        await WaitUntilAsync(() => done.Count == 4);
        done.ShouldBe(["b1", "b2", "b3", "c1"], ignoreOrder: true);
        done.Where(i => i[0] == 'b').ShouldBe(["b1", "b2", "b3"]);
        queue.Chats.ShouldBe(1);

        release.SetResult();
        await WaitUntilAsync(() => done.Count == 6);
        done.Where(i => i[0] == 'a').ShouldBe(["a1", "a2"]);
        queue.Chats.ShouldBe(0);
        queue.Count.ShouldBe(0);
        queue.Complete();
        await run.WaitAsync(Bound);
    }

    [Fact]
    public async Task The_queue_takes_no_more_than_its_capacity_until_an_item_is_done()
    {
        using var queue = new PerChatQueue<int>(capacity: 2);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = queue.RunAsync(2, (_, ct) => release.Task.WaitAsync(ct), CancellationToken.None);

        await queue.AddAsync("a", 1, CancellationToken.None);
        await queue.AddAsync("b", 2, CancellationToken.None);
        queue.TryReserve().ShouldBeFalse();
        var third = queue.AddAsync("c", 3, CancellationToken.None).AsTask();
        await Task.Delay(50);
        third.IsCompleted.ShouldBeFalse();

        release.SetResult();
        await third.WaitAsync(Bound);
        queue.Complete();
        await run.WaitAsync(Bound);
        queue.Count.ShouldBe(0);
    }

    [Fact]
    public async Task An_item_older_than_InboxMaxAgeMinutes_is_dropped_with_a_log_line_and_never_handled()
    {
        var store = new InMemoryInboxStore();
        var now = DateTimeOffset.UtcNow;
        await store.AddAsync(new InboxItem("telegram", "7:1", "42", "{}", now.AddMinutes(-61)), "crashed", now.AddSeconds(-1));
        await store.AddAsync(new InboxItem("telegram", "7:2", "42", "{}", now.AddMinutes(-5)), "crashed", now.AddSeconds(-1));
        var logs = new LogCapture();
        var handled = new ConcurrentQueue<string>();
        using var processor = new InboxProcessor(
            "telegram",
            store,
            new InboxOptions { InboxMaxAgeMinutes = 60 },
            workers: 2,
            capacity: 10,
            (item, _) =>
            {
                handled.Enqueue(item.Id);
                return Task.CompletedTask;
            },
            TimeProvider.System,
            logs.CreateLogger("inbox"));
        using var stop = new CancellationTokenSource();

        var run = await processor.StartAsync(stop.Token, CancellationToken.None);
        await WaitUntilAsync(() => processor.Pending == 0 && handled.Count == 1);
        await stop.CancelAsync();
        await run.WaitAsync(Bound);

        handled.ShouldBe(["7:2"]);
        logs.Lines.ShouldContain(l => l.Contains("7:1", StringComparison.Ordinal) && l.Contains("Storage:InboxMaxAgeMinutes (60)", StringComparison.Ordinal));
        (await store.ClaimAsync("telegram", "later", now.AddHours(1), now.AddHours(2), 10)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_clean_stop_leaves_unstarted_items_to_the_next_instance_at_once()
    {
        var store = new InMemoryInboxStore();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var processor = new InboxProcessor(
            "discord", store, new InboxOptions { InboxLeaseSeconds = 600 }, workers: 1, capacity: 10,
            async (_, ct) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            },
            TimeProvider.System,
            new LogCapture().CreateLogger("inbox"));
        using var stop = new CancellationTokenSource();
        using var abandon = new CancellationTokenSource();
        var run = await processor.StartAsync(stop.Token, abandon.Token);
        var now = DateTimeOffset.UtcNow;
        (await processor.AcceptAsync(new InboxItem("discord", "m1", "c1", "{}", now), CancellationToken.None)).ShouldBeTrue();
        (await processor.AcceptAsync(new InboxItem("discord", "m2", "c1", "{}", now), CancellationToken.None)).ShouldBeTrue();
        (await processor.AcceptAsync(new InboxItem("discord", "m1", "c1", "{}", now), CancellationToken.None)).ShouldBeFalse();
        await started.Task.WaitAsync(Bound);

        await stop.CancelAsync();
        await abandon.CancelAsync();
        await run.WaitAsync(Bound);

        var next = await store.ClaimAsync("discord", "next", now, now.AddMinutes(1), 10);
        next.Select(i => i.Id).ShouldBe(["m1", "m2"]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(10, bound.Token);
        }
    }
}
