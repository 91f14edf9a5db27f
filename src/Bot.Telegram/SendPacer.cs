using Microsoft.Extensions.Options;

namespace Bot.Telegram;

/// <summary>
/// Keeps sends within Telegram's limits: a minimum gap per chat, a per-minute budget per group and a per-second budget
/// overall. A caller waits for its turn; nothing is dropped. A 429 holds the chat until its <c>retry_after</c> passed.
/// Each chat's sends are issued by one caller at a time (the dispatcher keeps a chat's updates in order).
/// </summary>
internal sealed class SendPacer
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TelegramOptions _options;
    private readonly Dictionary<long, ChatWindow> _chats = [];
    private readonly Queue<DateTimeOffset> _global = new();
    private DateTimeOffset _lastGlobal = DateTimeOffset.MinValue;

    public SendPacer(IOptions<TelegramOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
    }

    /// <summary>Waits until a message to <paramref name="chatId"/> may go out, and books that slot.</summary>
    public async Task WaitTurnAsync(long chatId, bool isGroup, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var at = EarliestSlot(chatId, isGroup, now);
                if (at <= now)
                {
                    Book(chatId, now);
                    return;
                }

                wait = at - now;
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>Telegram answered 429 for this chat: nothing more goes to it before <paramref name="retryAfter"/> passed.</summary>
    public void Hold(long chatId, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var window = GetWindow(chatId);
            var until = _time.GetUtcNow() + retryAfter;
            if (until > window.HeldUntil)
            {
                window.HeldUntil = until;
            }
        }
    }

    private DateTimeOffset EarliestSlot(long chatId, bool isGroup, DateTimeOffset now)
    {
        var window = GetWindow(chatId);
        var at = window.HeldUntil;
        if (window.Last is { } last)
        {
            var next = last + TimeSpan.FromMilliseconds(_options.PerChatIntervalMilliseconds);
            at = next > at ? next : at;
        }

        if (isGroup)
        {
            Trim(window.LastMinute, now - TimeSpan.FromMinutes(1));
            if (window.LastMinute.Count >= _options.GroupMessagesPerMinute)
            {
                var next = window.LastMinute.Peek() + TimeSpan.FromMinutes(1);
                at = next > at ? next : at;
            }
        }

        Trim(_global, now - TimeSpan.FromSeconds(1));
        if (_global.Count >= _options.GlobalMessagesPerSecond)
        {
            var next = _global.Peek() + TimeSpan.FromSeconds(1);
            at = next > at ? next : at;
        }

        // Spread the overall budget evenly (no burst of 30 in the first milliseconds of a second), so network
        // jitter between here and Telegram cannot crowd more than the budget into one second on arrival.
        // Whole milliseconds: budgets above 1,000 per second (tests, local servers) are not spread.
        var spacing = TimeSpan.FromMilliseconds(1000 / _options.GlobalMessagesPerSecond);
        if (_lastGlobal != DateTimeOffset.MinValue && spacing > TimeSpan.Zero)
        {
            var next = _lastGlobal + spacing;
            at = next > at ? next : at;
        }

        return at;
    }

    private void Book(long chatId, DateTimeOffset now)
    {
        var window = GetWindow(chatId);
        window.Last = now;
        window.LastMinute.Enqueue(now);
        _global.Enqueue(now);
        _lastGlobal = now;
        if (_chats.Count > 10_000)
        {
            Prune(now);
        }
    }

    private ChatWindow GetWindow(long chatId)
    {
        if (!_chats.TryGetValue(chatId, out var window))
        {
            window = new ChatWindow();
            _chats[chatId] = window;
        }

        return window;
    }

    private void Prune(DateTimeOffset now)
    {
        var old = now - TimeSpan.FromMinutes(2);
        foreach (var (id, window) in _chats.ToList())
        {
            if (window.HeldUntil < old && (window.Last is null || window.Last < old))
            {
                _chats.Remove(id);
            }
        }
    }

    private static void Trim(Queue<DateTimeOffset> queue, DateTimeOffset before)
    {
        while (queue.Count > 0 && queue.Peek() <= before)
        {
            queue.Dequeue();
        }
    }

    private sealed class ChatWindow
    {
        public DateTimeOffset? Last { get; set; }

        public DateTimeOffset HeldUntil { get; set; } = DateTimeOffset.MinValue;

        public Queue<DateTimeOffset> LastMinute { get; } = new();
    }
}
