using System.Threading.Channels;
using Bot.Knowledge.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Knowledge.Loading;

/// <summary>
/// The live knowledge base: loads the folder at start, watches it (with a polling safety net), and after a quiet
/// period re-reads what changed, builds a new index and swaps the snapshot in atomically. Readers never wait and never
/// see a half-built index. A file that breaks keeps serving its last good version; its problems are in
/// <see cref="KnowledgeSnapshot.Diagnostics"/>.
/// </summary>
public sealed class KnowledgeBase : IKnowledgeBase, IDisposable
{
    private readonly KnowledgeFolderResolution _folder;
    private readonly KnowledgeLoader _loader;
    private readonly TimeProvider _time;
    private readonly ILogger<KnowledgeBase> _logger;
    private readonly TimeSpan _debounce;
    private readonly TimeSpan _poll;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private KnowledgeSnapshot _current;
    private FileSystemWatcher? _watcher;
    private long _changeCount;
    private int _fingerprint;

    public KnowledgeBase(IOptions<KnowledgeOptions> options, TimeProvider timeProvider, ILogger<KnowledgeBase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var value = options.Value;
        _folder = KnowledgeFolder.Resolve(value.Path);
        _loader = new KnowledgeLoader(_folder.Path, timeProvider);
        _time = timeProvider;
        _logger = logger;
        _debounce = TimeSpan.FromMilliseconds(value.DebounceMilliseconds);
        _poll = TimeSpan.FromSeconds(value.PollSeconds);
        _current = new KnowledgeSnapshot(_folder.Path, [], KnowledgeIndex.Empty, [], DateTimeOffset.MinValue);
    }

    /// <summary>Whether to use a file system watcher (tests turn it off to exercise the polling safety net alone).</summary>
    internal bool WatchFileSystem { get; init; } = true;

    /// <summary>The folder this knowledge base reads, and how it was found.</summary>
    public KnowledgeFolderResolution Folder => _folder;

    /// <inheritdoc />
    /// <remarks>Before <see cref="StartAsync"/>: an empty snapshot (no sections).</remarks>
    public KnowledgeSnapshot Current => Volatile.Read(ref _current);

    public event EventHandler<KnowledgeSnapshot>? Reloaded;

    /// <summary>Loads the folder for the first time and starts watching it.</summary>
    /// <exception cref="InvalidOperationException">No knowledge folder exists.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!_folder.Exists)
        {
            throw new InvalidOperationException(_folder.Source == KnowledgeFolderSource.Configured
                ? $"Knowledge:Path '{_folder.Path}' does not exist."
                : $"No knowledge folder: neither ./knowledge nor {_folder.Path} exists. Set Knowledge:Path (or --knowledge DIR).");
        }

        _logger.LogInformation("Knowledge folder: {Folder} (found by {Source})", _folder.Path, _folder.Source);
        await ReloadAsync(cancellationToken);
        if (!WatchFileSystem)
        {
            return;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(_folder.Path)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Deleted += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += OnWatcherError;
            watcher.EnableRaisingEvents = true;
            Interlocked.Exchange(ref _watcher, watcher)?.Dispose();
        }
        catch (Exception ex) when (ex is IOException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // E.g. the inotify watch limit is reached: polling still picks up changes, only more slowly.
            watcher?.Dispose();
            _logger.LogWarning(ex, "Cannot watch the knowledge folder; changes are picked up by polling every {PollSeconds} s", _poll.TotalSeconds);
        }
    }

    /// <summary>
    /// Runs until cancelled: reloads after each burst of changes (once the folder has been quiet for the debounce
    /// time) and compares the folder with the last load every poll period in case the watcher missed an event.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(ReloadOnChangesAsync(cancellationToken), PollAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task<KnowledgeSnapshot> ReloadAsync(CancellationToken cancellationToken = default)
    {
        KnowledgeSnapshot snapshot;
        await _reloadGate.WaitAsync(cancellationToken);
        try
        {
            Volatile.Write(ref _fingerprint, KnowledgeLoader.Fingerprint(_folder.Path));
            snapshot = await _loader.LoadAsync(cancellationToken);
            Volatile.Write(ref _current, snapshot);
        }
        finally
        {
            _reloadGate.Release();
        }

        _logger.LogInformation(
            "Knowledge loaded: {Files} files, {Sections} sections, {Errors} errors",
            snapshot.Documents.Count,
            snapshot.SectionCount,
            snapshot.Diagnostics.Count);
        foreach (var diagnostic in snapshot.Diagnostics)
        {
            _logger.LogWarning("Knowledge file problem: {Diagnostic}", diagnostic.ToString());
        }

        // Outside the gate, so a handler may itself call ReloadAsync.
        RaiseReloaded(snapshot);
        return snapshot;
    }

    /// <summary>Records that something in the folder changed; a reload follows after the quiet period.</summary>
    internal void NotifyChanged()
    {
        Interlocked.Increment(ref _changeCount);
        _changed.Writer.TryWrite(true);
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _watcher, null)?.Dispose();
        _changed.Writer.TryComplete();
        _reloadGate.Dispose();
    }

    private async Task ReloadOnChangesAsync(CancellationToken cancellationToken)
    {
        var reader = _changed.Reader;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            reader.TryRead(out _);
            long seen;
            do
            {
                seen = Interlocked.Read(ref _changeCount);
                await Task.Delay(_debounce, _time, cancellationToken);
            }
            while (Interlocked.Read(ref _changeCount) != seen);

            // Changes signalled while we waited are read by this reload.
            reader.TryRead(out _);
            try
            {
                await ReloadAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogError(ex, "Knowledge reload failed; the previous snapshot keeps serving");
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_poll, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            if (KnowledgeLoader.Fingerprint(_folder.Path) != Volatile.Read(ref _fingerprint))
            {
                _logger.LogDebug("Knowledge folder changed without a watcher event; reloading");
                NotifyChanged();
            }
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        var relative = Path.GetRelativePath(_folder.Path, e.FullPath);
        if (relative.Split('/', '\\').Any(part => part.StartsWith('.')))
        {
            return;
        }

        NotifyChanged();
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        _logger.LogWarning(e.GetException(), "Knowledge folder watcher reported an error; reloading to be safe");
        NotifyChanged();
    }

    private void RaiseReloaded(KnowledgeSnapshot snapshot)
    {
        var handlers = Reloaded;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<KnowledgeSnapshot>>())
        {
            try
            {
                handler(this, snapshot);
            }
#pragma warning disable CA1031 // A subscriber's fault must not stop the reload loop; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogError(ex, "A Reloaded handler failed");
            }
        }
    }
}
