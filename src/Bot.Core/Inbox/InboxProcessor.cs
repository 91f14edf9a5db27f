using Microsoft.Extensions.Logging;

namespace Bot.Core.Inbox;

/// <summary>
/// One platform's inbox at work. <see cref="AcceptAsync"/> records a received item before the caller acknowledges it
/// to the platform, then queues it by chat; workers hand items to the platform's handler (one chat in order, chats at
/// the same time) and mark each done once the handler returned. Leases are renewed while this instance runs; items
/// whose lease expired (a crashed instance, this one included) are claimed and handled. On a clean stop the queued
/// items are still handled until the host's shutdown timeout; what is left is released for the next instance.
/// </summary>
public sealed partial class InboxProcessor : IDisposable
{
    private readonly string _platform;
    private readonly IInboxStore _store;
    private readonly Func<InboxItem, CancellationToken, Task> _handle;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _lease;
    private readonly TimeSpan _maxAge;
    private readonly int _workers;
    private readonly PerChatQueue<InboxItem> _queue;

    /// <param name="workers">Chats handled at the same time.</param>
    /// <param name="capacity">Items waiting or running at most; <see cref="AcceptAsync"/> waits beyond it.</param>
    public InboxProcessor(
        string platform,
        IInboxStore store,
        InboxOptions options,
        int workers,
        int capacity,
        Func<InboxItem, CancellationToken, Task> handle,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _platform = platform;
        _store = store;
        _handle = handle;
        _time = time;
        _logger = logger;
        _workers = workers;
        _lease = TimeSpan.FromSeconds(options.InboxLeaseSeconds);
        _maxAge = TimeSpan.FromMinutes(options.InboxMaxAgeMinutes);
        _queue = new PerChatQueue<InboxItem>(capacity);
    }

    /// <summary>This instance's name on its leases: new for every process, so a restarted one never mistakes a dead one's items for its own.</summary>
    public string Owner { get; } = Environment.MachineName + "/" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Items waiting or being handled in this process.</summary>
    public int Pending => _queue.Count;

    /// <summary>Chats with items waiting or being handled in this process.</summary>
    public int Chats => _queue.Chats;

    /// <summary>
    /// Records a received item (waiting while this process holds as many as it may) and queues it. False when the
    /// item was recorded before (a redelivery): it is not handled again. Once this returns the platform may be told
    /// the item arrived.
    /// </summary>
    public async ValueTask<bool> AcceptAsync(InboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await _queue.ReserveAsync(cancellationToken);
        return await RecordReservedAsync(item, cancellationToken);
    }

    /// <summary>As <see cref="AcceptAsync"/>, but null at once when this process holds as many items as it may (a webhook then answers 503).</summary>
    public async ValueTask<bool?> TryAcceptAsync(InboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _queue.TryReserve() ? await RecordReservedAsync(item, cancellationToken) : null;
    }

    /// <summary>
    /// Claims what earlier instances left, then runs the workers and the lease loop until <paramref name="stopping"/>;
    /// after it, handles what is queued until <paramref name="abandon"/>, and releases the rest. Returns once the
    /// leftovers were claimed, with the task that runs the rest.
    /// </summary>
    public async Task<Task> StartAsync(CancellationToken stopping, CancellationToken abandon)
    {
        try
        {
            await ClaimAsync(stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(_logger, _platform, "claim", e.GetType().Name, e.Message);
        }

        var workers = _queue.RunAsync(_workers, HandleAsync, abandon);
        return RunAsync(workers, stopping);
    }

    public void Dispose() => _queue.Dispose();

    private async Task RunAsync(Task workers, CancellationToken stopping)
    {
        try
        {
            var every = _lease / 3;
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(every, _time, stopping);
                try
                {
                    await _store.RenewAsync(_platform, Owner, _time.GetUtcNow() + _lease, stopping);
                    await ClaimAsync(stopping);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogStoreFailed(_logger, _platform, "lease", e.GetType().Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: finish what is queued.
        }

        _queue.Complete();
        await workers;
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _store.ReleaseAsync(_platform, Owner, bound.Token);
        }
#pragma warning disable CA1031 // Whatever went wrong, the leases expire by themselves.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogStoreFailed(_logger, _platform, "release", e.GetType().Name, e.Message);
        }
    }

    private async ValueTask<bool> RecordReservedAsync(InboxItem item, CancellationToken cancellationToken)
    {
        bool added;
        try
        {
            added = await _store.AddAsync(item, Owner, _time.GetUtcNow() + _lease, cancellationToken);
        }
        catch
        {
            _queue.Unreserve();
            throw;
        }

        if (!added)
        {
            _queue.Unreserve();
            LogDuplicate(_logger, _platform, item.Id);
            return false;
        }

        _queue.AddReserved(item.ChatKey, item);
        return true;
    }

    private async Task ClaimAsync(CancellationToken cancellationToken)
    {
        var reserved = 0;
        while (reserved < 100 && _queue.TryReserve())
        {
            reserved++;
        }

        try
        {
            if (reserved == 0)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var items = await _store.ClaimAsync(_platform, Owner, now, now + _lease, reserved, cancellationToken);
            foreach (var item in items)
            {
                LogReplaying(_logger, _platform, item.Id, item.ChatKey);
                _queue.AddReserved(item.ChatKey, item);
                reserved--;
            }
        }
        finally
        {
            for (; reserved > 0; reserved--)
            {
                _queue.Unreserve();
            }
        }
    }

    private async Task HandleAsync(InboxItem item, CancellationToken abandon)
    {
        var age = _time.GetUtcNow() - item.ReceivedAt;
        if (age > _maxAge)
        {
            LogTooOld(_logger, _platform, item.Id, item.ChatKey, (int)age.TotalMinutes, (int)_maxAge.TotalMinutes);
        }
        else
        {
            try
            {
                await _handle(item, abandon);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                // Abandoned at shutdown: not done, so the next start handles it again.
                throw;
            }
#pragma warning disable CA1031 // One item's failure is logged and marked done: it must not stop its chat or the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogHandlerFailed(_logger, e, _platform, item.Id);
            }
        }

        try
        {
            await _store.CompleteAsync(_platform, item.Id, _time.GetUtcNow(), abandon);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogStoreFailed(_logger, _platform, "complete", e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Inbox ({Platform}): item {Id} was recorded before; not handled again")]
    private static partial void LogDuplicate(ILogger logger, string platform, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbox ({Platform}): handling item {Id} of chat {Chat} left unfinished by an earlier run")]
    private static partial void LogReplaying(ILogger logger, string platform, string id, string chat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox ({Platform}): item {Id} of chat {Chat} dropped unanswered: received {AgeMinutes} min ago, more than Storage:InboxMaxAgeMinutes ({MaxMinutes})")]
    private static partial void LogTooOld(ILogger logger, string platform, string id, string chat, int ageMinutes, int maxMinutes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbox ({Platform}): handling item {Id} failed; it is marked done")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string platform, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbox ({Platform}): {Operation} failed: {ErrorType}: {Error}")]
    private static partial void LogStoreFailed(ILogger logger, string platform, string operation, string errorType, string error);
}
