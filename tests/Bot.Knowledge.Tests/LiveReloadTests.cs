using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Bot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Knowledge.Tests;

public sealed class LiveReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TestBounds.Wait;
    private readonly TempKnowledgeFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _stop = new();
    private KnowledgeBase _knowledge = null!;
    private Task _running = Task.CompletedTask;
    private int _reloads;

    public async Task InitializeAsync()
    {
        _folder.Write("sora/launch.en.md", KnowledgeFiles.Valid());
        _folder.Write("gpu/controls.en.md", KnowledgeFiles.Valid(id: "gpu-controls", topic: "gpu", body: "## Rules\n\nThe US restricted H100 exports in 2022.\n"));
        _knowledge = new KnowledgeBase(
            Options.Create(new KnowledgeOptions { Path = _folder.Root, DebounceMilliseconds = 400, PollSeconds = 30 }),
            _time,
            NullLogger<KnowledgeBase>.Instance);
        await _knowledge.StartAsync();
        _knowledge.Reloaded += (_, _) => Interlocked.Increment(ref _reloads);
        _running = _knowledge.RunAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _knowledge.Dispose();
        _stop.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Loads_the_folder_at_start()
    {
        var snapshot = _knowledge.Current;

        snapshot.Documents.Count.ShouldBe(2);
        snapshot.SectionCount.ShouldBe(2);
        snapshot.Diagnostics.ShouldBeEmpty();
        snapshot.LoadedAt.ShouldBe(_time.GetUtcNow());
        snapshot.Root.ShouldBe(Path.GetFullPath(_folder.Root));
    }

    [Fact]
    public async Task An_edited_file_is_live_after_the_quiet_period()
    {
        var reloaded = NextReload();
        _folder.Write("sora/launch.en.md", KnowledgeFiles.Valid(body: "## Launch\n\nSora was shown to reporters in Hanoi.\n"));

        var snapshot = await AdvanceUntil(reloaded);

        Find(snapshot, "Hanoi reporters").ShouldBe("sora/launch.en.md#launch");
        _knowledge.Current.ShouldBeSameAs(snapshot);
    }

    [Fact]
    public async Task An_added_file_in_a_new_subfolder_is_live()
    {
        var reloaded = NextReload();
        _folder.Write("llm/deep/deepseek.en.md", KnowledgeFiles.Valid(id: "deepseek", topic: "llm", body: "## Weights\n\nDeepSeek published V3 weights.\n"));

        var snapshot = await AdvanceUntil(reloaded);

        Find(snapshot, "DeepSeek weights").ShouldBe("llm/deep/deepseek.en.md#weights");
    }

    [Fact]
    public async Task A_deleted_file_stops_serving()
    {
        var reloaded = NextReload();
        _folder.Delete("gpu/controls.en.md");

        var snapshot = await AdvanceUntil(reloaded);

        snapshot.Documents.ShouldHaveSingleItem().Path.ShouldBe("sora/launch.en.md");
        Find(snapshot, "H100 exports").ShouldBeNull();
    }

    [Fact]
    public async Task A_renamed_file_serves_under_its_new_path()
    {
        var reloaded = NextReload();
        File.Move(Path.Combine(_folder.Root, "gpu", "controls.en.md"), Path.Combine(_folder.Root, "gpu", "rules.en.md"));

        var snapshot = await AdvanceUntil(reloaded);

        Find(snapshot, "H100 exports").ShouldBe("gpu/rules.en.md#rules");
    }

    [Fact]
    public async Task A_broken_file_keeps_serving_its_last_good_version_and_shows_its_errors()
    {
        var reloaded = NextReload();
        _folder.Write("sora/launch.en.md", KnowledgeFiles.Valid(lang: "vn", body: "## Launch\n\nA new text that must not serve.\n"));

        var snapshot = await AdvanceUntil(reloaded);

        snapshot.Diagnostics.ShouldHaveSingleItem().ToString().ShouldBe("sora/launch.en.md:4: unknown lang 'vn' (expected en or vi)");
        Find(snapshot, "Sora 2024-02-15").ShouldBe("sora/launch.en.md#launch");
        Find(snapshot, "must not serve").ShouldBeNull();

        var fixedReload = NextReload();
        _folder.Write("sora/launch.en.md", KnowledgeFiles.Valid(body: "## Launch\n\nFixed text about Sora.\n"));
        var fixedSnapshot = await AdvanceUntil(fixedReload);
        fixedSnapshot.Diagnostics.ShouldBeEmpty();
        Find(fixedSnapshot, "fixed text").ShouldBe("sora/launch.en.md#launch");
    }

    [Fact]
    public async Task Rapid_saves_coalesce_into_one_reload()
    {
        // Each save is signalled as the watcher signals it, at once: how late a busy machine delivers the watcher's
        // events is not what this test is about (the tests above cover the watcher), the quiet period is.
        using var folder = new TempKnowledgeFolder();
        folder.Write("sora/launch.en.md", KnowledgeFiles.Valid());
        using var knowledge = await StartUnwatchedAsync(folder);
        using var stop = new CancellationTokenSource();
        var running = knowledge.RunAsync(stop.Token);
        var reloads = 0;
        var reloaded = new TaskCompletionSource<KnowledgeSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        knowledge.Reloaded += (_, snapshot) =>
        {
            Interlocked.Increment(ref reloads);
            reloaded.TrySetResult(snapshot);
        };

        for (var i = 1; i <= 5; i++)
        {
            folder.Write("sora/launch.en.md", KnowledgeFiles.Valid(body: $"## Launch\n\nSave number {i}.\n"));
            knowledge.NotifyChanged();
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        var snapshot = await AdvanceUntil(reloaded.Task);
        _time.Advance(TimeSpan.FromSeconds(2));
        await Task.Delay(100);

        Volatile.Read(ref reloads).ShouldBe(1);
        snapshot.Documents.Single(d => d.Id == "sora-launch").Sections[0].Text.ShouldBe("Save number 5.");
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Changes_keep_postponing_the_reload_until_the_folder_is_quiet()
    {
        var reloaded = NextReload();
        _knowledge.NotifyChanged();
        await Task.Delay(50);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        await Task.Delay(50);
        _knowledge.NotifyChanged();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        await Task.Delay(50);

        reloaded.IsCompleted.ShouldBeFalse();
        await AdvanceUntil(reloaded);
        Volatile.Read(ref _reloads).ShouldBe(1);
    }

    [Fact]
    public async Task The_poll_notices_a_change_when_no_watcher_event_comes()
    {
        using var folder = new TempKnowledgeFolder();
        folder.Write("sora/launch.en.md", KnowledgeFiles.Valid());
        using var knowledge = await StartUnwatchedAsync(folder);
        using var stop = new CancellationTokenSource();
        var running = knowledge.RunAsync(stop.Token);
        var reloaded = new TaskCompletionSource<KnowledgeSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        knowledge.Reloaded += (_, snapshot) => reloaded.TrySetResult(snapshot);

        folder.Write("sora/launch.en.md", KnowledgeFiles.Valid(body: "## Launch\n\nChanged behind the watcher's back.\n"));
        _time.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(100);
        reloaded.Task.IsCompleted.ShouldBeFalse();
        var snapshot = await AdvanceUntil(reloaded.Task);

        Find(snapshot, "behind watcher back").ShouldBe("sora/launch.en.md#launch");
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task ReloadAsync_forces_a_reload_and_raises_Reloaded()
    {
        var reloaded = NextReload();

        var snapshot = await _knowledge.ReloadAsync();

        (await reloaded.WaitAsync(Timeout)).ShouldBeSameAs(snapshot);
    }

    [Fact]
    public async Task A_Reloaded_handler_may_itself_reload()
    {
        var nested = new TaskCompletionSource<KnowledgeSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var once = 0;
        _knowledge.Reloaded += async (_, _) =>
        {
            if (Interlocked.Exchange(ref once, 1) == 0)
            {
                nested.TrySetResult(await _knowledge.ReloadAsync());
            }
        };

        await _knowledge.ReloadAsync();

        (await nested.Task.WaitAsync(Timeout)).SectionCount.ShouldBe(2);
    }

    /// <summary>A knowledge base on <paramref name="folder"/> without a file system watcher, loaded (on the test's clock).</summary>
    private async Task<KnowledgeBase> StartUnwatchedAsync(TempKnowledgeFolder folder)
    {
        var knowledge = new KnowledgeBase(
            Options.Create(new KnowledgeOptions { Path = folder.Root, DebounceMilliseconds = 400, PollSeconds = 30 }),
            _time,
            NullLogger<KnowledgeBase>.Instance)
        {
            WatchFileSystem = false,
        };
        await knowledge.StartAsync();
        return knowledge;
    }

    private Task<KnowledgeSnapshot> NextReload()
    {
        var completion = new TaskCompletionSource<KnowledgeSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, KnowledgeSnapshot snapshot)
        {
            _knowledge.Reloaded -= Handler;
            completion.TrySetResult(snapshot);
        }

        _knowledge.Reloaded += Handler;
        return completion.Task;
    }

    /// <summary>Moves the fake clock in small steps until the reload happens (the watcher's events arrive on their own).</summary>
    private async Task<KnowledgeSnapshot> AdvanceUntil(Task<KnowledgeSnapshot> reloaded, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!reloaded.IsCompleted && DateTime.UtcNow < deadline)
        {
            _time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(reloaded, Task.Delay(20));
        }

        return await reloaded.WaitAsync(TimeSpan.FromSeconds(1));
    }

    private static string? Find(KnowledgeSnapshot snapshot, string text) =>
        snapshot.Index.Search(new SearchQuery(text, Top: 1)).FirstOrDefault(h => h.Coverage == 1)?.Section.Key;
}
