using Bot.Core.Limits;
using Microsoft.Extensions.Options;

namespace Bot.Telegram;

/// <summary>
/// Keeps sends within Telegram's limits: a minimum gap per chat, a per-minute budget per group and a per-second budget
/// overall. A caller waits for its turn; nothing is dropped. A 429 holds the chat until its <c>retry_after</c> passed.
/// Each chat's sends are issued by one caller at a time (the dispatcher keeps a chat's updates in order).
/// All of it runs on monotonic time, so a step of the wall clock cannot stall sends. A chat's window is forgotten once
/// idle for <see cref="ChatIdle"/> (nothing in it counts any more), and at most <see cref="MaxChats"/> are kept.
/// </summary>
internal sealed class SendPacer
{
    /// <summary>The most chats whose windows are remembered at once (the least recently used goes first).</summary>
    public const int MaxChats = 20_000;

    /// <summary>An idle chat is forgotten after this: longer than the group minute and any usual 429 hold.</summary>
    public static readonly TimeSpan ChatIdle = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TelegramOptions _options;
    private readonly BoundedCache<long, ChatWindow> _chats;
    private readonly SlidingWindow _global;
    private readonly TimeSpan _spacing;
    private long? _lastGlobal;

    public SendPacer(IOptions<TelegramOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _chats = new BoundedCache<long, ChatWindow>(MaxChats, ChatIdle, time);
        _global = new SlidingWindow(_options.GlobalMessagesPerSecond, TimeSpan.FromSeconds(1), time);

        // Spread the overall budget evenly (no burst of 30 in the first milliseconds of a second), so network
        // jitter between here and Telegram cannot crowd more than the budget into one second on arrival.
        // Whole milliseconds: budgets above 1,000 per second (tests, local servers) are not spread.
        _spacing = TimeSpan.FromMilliseconds(1000 / _options.GlobalMessagesPerSecond);
    }

    /// <summary>How many chats are remembered now (for tests of the bound).</summary>
    internal int ChatCount => _chats.Count;

    /// <summary>Waits until a message to <paramref name="chatId"/> may go out, and books that slot.</summary>
    public async Task WaitTurnAsync(long chatId, bool isGroup, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetTimestamp();
                var window = Window(chatId, now);
                wait = Wait(window, isGroup, now);
                if (wait <= TimeSpan.Zero)
                {
                    window.Last = now;
                    window.LastMinute?.Record(now);
                    _global.Record(now);
                    _lastGlobal = now;
                    return;
                }
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>Telegram answered 429 for this chat: nothing more goes to it before <paramref name="retryAfter"/> passed.</summary>
    public void Hold(long chatId, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var window = Window(chatId, now);
            var until = MonotonicTime.Add(_time, now, retryAfter);
            if (window.HeldUntil is not { } held || until > held)
            {
                window.HeldUntil = until;
            }
        }
    }

    private ChatWindow Window(long chatId, long now)
    {
        var window = _chats.GetOrAdd(chatId, _ => new ChatWindow());
        if (window.HeldUntil is { } held && MonotonicTime.Until(_time, now, held) > ChatIdle)
        {
            // A hold longer than the idle time keeps the chat remembered until it ends.
            _chats.Set(chatId, window, MonotonicTime.Until(_time, now, held) + ChatIdle);
        }

        return window;
    }

    private TimeSpan Wait(ChatWindow window, bool isGroup, long now)
    {
        var wait = window.HeldUntil is { } held ? MonotonicTime.Until(_time, now, held) : TimeSpan.Zero;
        if (window.Last is { } last)
        {
            wait = Max(wait, MonotonicTime.Until(_time, now, MonotonicTime.Add(_time, last, TimeSpan.FromMilliseconds(_options.PerChatIntervalMilliseconds))));
        }

        if (isGroup)
        {
            window.LastMinute ??= new SlidingWindow(_options.GroupMessagesPerMinute, TimeSpan.FromMinutes(1), _time);
            wait = Max(wait, window.LastMinute.WaitTime(now));
        }

        wait = Max(wait, _global.WaitTime(now));
        if (_lastGlobal is { } lastGlobal && _spacing > TimeSpan.Zero)
        {
            wait = Max(wait, MonotonicTime.Until(_time, now, MonotonicTime.Add(_time, lastGlobal, _spacing)));
        }

        return wait;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class ChatWindow
    {
        public long? Last { get; set; }

        public long? HeldUntil { get; set; }

        /// <summary>The group's per-minute budget; none for private chats.</summary>
        public SlidingWindow? LastMinute { get; set; }
    }
}
