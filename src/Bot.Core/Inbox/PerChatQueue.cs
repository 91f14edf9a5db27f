using System.Threading.Channels;

namespace Bot.Core.Inbox;

/// <summary>
/// Work keyed by chat: one chat's items strictly in order, different chats at the same time on up to
/// <c>workers</c> workers. A worker takes a chat and handles its items until the chat has none left, so a slow item
/// delays only its own chat. At most <c>capacity</c> items wait or run; <see cref="AddAsync"/> waits for room. The map
/// holds only chats with items, so it is bounded by the capacity.
/// </summary>
public sealed class PerChatQueue<T> : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<T>> _chats = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly SemaphoreSlim _room;
    private readonly int _capacity;

    public PerChatQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _room = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>Items waiting or being handled.</summary>
    public int Count => _capacity - _room.CurrentCount;

    /// <summary>How many more items fit now.</summary>
    public int Room => _room.CurrentCount;

    /// <summary>Chats with items waiting or being handled.</summary>
    public int Chats
    {
        get
        {
            lock (_gate)
            {
                return _chats.Count;
            }
        }
    }

    /// <summary>Queues an item behind its chat's earlier ones; waits while the queue is full.</summary>
    public async ValueTask AddAsync(string chat, T item, CancellationToken cancellationToken)
    {
        await ReserveAsync(cancellationToken);
        AddReserved(chat, item);
    }

    /// <summary>Waits for room for one item; then <see cref="AddReserved"/> or <see cref="Unreserve"/>.</summary>
    public Task ReserveAsync(CancellationToken cancellationToken) => _room.WaitAsync(cancellationToken);

    /// <summary>Takes room for one item if there is some now.</summary>
    public bool TryReserve() => _room.Wait(0);

    /// <summary>Gives back room taken and not used.</summary>
    public void Unreserve() => _room.Release();

    /// <summary>Queues an item in room reserved before, behind its chat's earlier ones.</summary>
    public void AddReserved(string chat, T item) => Enqueue(chat, item);

    /// <summary>No more items: the workers stop once the queued ones are handled.</summary>
    public void Complete() => _ready.Writer.TryComplete();

    /// <summary>
    /// Runs <paramref name="workers"/> workers until <see cref="Complete"/> was called and every item is handled, or
    /// until <paramref name="cancellationToken"/> (items not started then stay unhandled). <paramref name="handle"/>
    /// must not throw for one item's failure.
    /// </summary>
    public Task RunAsync(int workers, Func<T, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentNullException.ThrowIfNull(handle);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(handle, cancellationToken), CancellationToken.None)));
    }

    public void Dispose() => _room.Dispose();

    private void Enqueue(string chat, T item)
    {
        lock (_gate)
        {
            if (_chats.TryGetValue(chat, out var queue))
            {
                // The chat is waiting or being handled: its worker takes this item after the earlier ones.
                queue.Enqueue(item);
                return;
            }

            queue = new Queue<T>();
            queue.Enqueue(item);
            _chats[chat] = queue;
        }

        if (!_ready.Writer.TryWrite(chat))
        {
            // Completed meanwhile: the item stays unhandled (it is still in the inbox).
            lock (_gate)
            {
                _chats.Remove(chat);
            }

            _room.Release();
        }
    }

    private async Task WorkAsync(Func<T, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        try
        {
            while (await _ready.Reader.WaitToReadAsync(cancellationToken))
            {
                if (!_ready.Reader.TryRead(out var chat))
                {
                    continue;
                }

                // This worker owns the chat until its queue is empty: a chat is in the map only while one owner has it.
                bool more;
                do
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    T item;
                    lock (_gate)
                    {
                        // The item stays at the head while it runs, so a new one for this chat queues behind it.
                        item = _chats[chat].Peek();
                    }

                    await handle(item, cancellationToken);
                    lock (_gate)
                    {
                        var queue = _chats[chat];
                        queue.Dequeue();
                        more = queue.Count > 0;
                        if (!more)
                        {
                            _chats.Remove(chat);
                        }
                    }

                    _room.Release();
                }
                while (more);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Abandoned: what was not handled stays in the inbox for the next start.
        }
    }
}
