using System.Collections.Concurrent;
using Bot.Core.Limits;

namespace Bot.Core.Stores;

// In-memory implementations: the default until a database is configured, and the reference behaviour the
// persistent implementations must match. Bounded where they could grow without end.

internal sealed class InMemoryProcessedUpdateStore : IProcessedUpdateStore
{
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentDictionary<string, string> _cursors = new(StringComparer.Ordinal);

    public ValueTask<bool> TryMarkAsync(string platform, string updateId, CancellationToken cancellationToken = default)
    {
        var key = platform + "\u001f" + updateId;
        if (!_seen.TryAdd(key, 0))
        {
            return ValueTask.FromResult(false);
        }

        _order.Enqueue(key);
        while (_order.Count > MaxRemembered && _order.TryDequeue(out var old))
        {
            _seen.TryRemove(old, out _);
        }

        return ValueTask.FromResult(true);
    }

    public ValueTask<string?> GetCursorAsync(string platform, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_cursors.TryGetValue(platform, out var cursor) ? cursor : null);

    public ValueTask SetCursorAsync(string platform, string cursor, CancellationToken cancellationToken = default)
    {
        _cursors[platform] = cursor;
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Answers by chat message and by answer id, each bounded to <see cref="MaxRemembered"/> entries (the least recently
/// used goes first). A reply sent in several parts holds one entry per part and one per answer, never more.
/// </summary>
internal sealed class InMemoryAnswerStore(TimeProvider time) : IAnswerStore
{
    public const int MaxRemembered = 20_000;
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);
    private readonly BoundedCache<string, StoredAnswer> _byMessage = new(MaxRemembered, KeptFor, time, StringComparer.Ordinal);
    private readonly BoundedCache<string, StoredAnswer> _byAnswerId = new(MaxRemembered, KeptFor, time, StringComparer.Ordinal);

    internal int MessageCount => _byMessage.Count;

    internal int AnswerCount => _byAnswerId.Count;

    public ValueTask SaveAsync(StoredAnswer answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        _byMessage.Set(MessageKey(answer.Platform, answer.ChatId, answer.BotMessageId), answer);
        _byAnswerId.Set(answer.AnswerId, answer);
        return ValueTask.CompletedTask;
    }

    public ValueTask<StoredAnswer?> FindByMessageAsync(string platform, string chatId, string botMessageId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byMessage.TryGetValue(MessageKey(platform, chatId, botMessageId), out var answer) ? answer : null);

    public ValueTask<StoredAnswer?> FindByAnswerIdAsync(string answerId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byAnswerId.TryGetValue(answerId, out var answer) ? answer : null);

    public ValueTask MoveChatAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken = default)
    {
        foreach (var (key, answer) in _byMessage.Snapshot())
        {
            if (answer.Platform == platform && answer.ChatId == oldChatId && _byMessage.Remove(key))
            {
                var moved = answer with { ChatId = newChatId };
                _byMessage.Set(MessageKey(platform, newChatId, moved.BotMessageId), moved);
                _byAnswerId.Set(moved.AnswerId, moved);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static string MessageKey(string platform, string chatId, string messageId) => $"{platform}\u001f{chatId}\u001f{messageId}";
}

/// <summary>Votes, bounded to <see cref="MaxVotes"/> (the oldest go first) and pruned by age like the question log.</summary>
internal sealed class InMemoryFeedbackStore : IFeedbackStore
{
    public const int MaxVotes = 100_000;
    private readonly ConcurrentDictionary<string, FeedbackEntry> _votes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public ValueTask RecordAsync(FeedbackEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = $"{entry.AnswerId}\u001f{entry.Platform}\u001f{entry.UserId}";
        if (_votes.TryAdd(key, entry))
        {
            _order.Enqueue(key);
            while (_votes.Count > MaxVotes && _order.TryDequeue(out var old))
            {
                _votes.TryRemove(old, out _);
            }
        }
        else
        {
            _votes[key] = entry;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var (key, vote) in _votes)
        {
            if (vote.At < before && _votes.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return ValueTask.FromResult(removed);
    }

    public ValueTask<IReadOnlyList<FeedbackEntry>> ListAsync(DateTimeOffset since, string? platform = null, string? chatId = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<FeedbackEntry> list = [.. _votes.Values
            .Where(v => v.At >= since && (platform is null || v.Platform == platform) && (chatId is null || v.ChatId == chatId))
            .OrderBy(v => v.At)];
        return ValueTask.FromResult(list);
    }
}

internal sealed class InMemoryQuestionLog : IQuestionLog
{
    private const int MaxEntries = 100_000;
    private readonly Lock _gate = new();
    private readonly List<QuestionLogEntry> _entries = [];

    public ValueTask AppendAsync(QuestionLogEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _entries.Add(entry);
            if (_entries.Count > MaxEntries)
            {
                _entries.RemoveRange(0, _entries.Count - MaxEntries);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<QuestionLogEntry>> ListAsync(DateTimeOffset since, string? platform = null, string? chatId = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<QuestionLogEntry> list = [.. _entries.Where(e => e.At >= since && (platform is null || e.Platform == platform) && (chatId is null || e.ChatId == chatId))];
            return ValueTask.FromResult(list);
        }
    }

    public ValueTask<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_entries.RemoveAll(e => e.At < before));
        }
    }
}

internal sealed class InMemoryChannelSettingsStore : IChannelSettingsStore
{
    private readonly ConcurrentDictionary<string, ChannelSettings> _settings = new(StringComparer.Ordinal);

    public ValueTask<ChannelSettings?> GetAsync(string platform, string chatId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_settings.TryGetValue(Key(platform, chatId), out var s) ? s : null);

    public ValueTask SaveAsync(ChannelSettings settings, CancellationToken cancellationToken = default)
    {
        _settings[Key(settings.Platform, settings.ChatId)] = settings;
        return ValueTask.CompletedTask;
    }

    public ValueTask MoveChatAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken = default)
    {
        if (_settings.TryRemove(Key(platform, oldChatId), out var s))
        {
            _settings[Key(platform, newChatId)] = s with { ChatId = newChatId };
        }

        return ValueTask.CompletedTask;
    }

    private static string Key(string platform, string chatId) => platform + "\u001f" + chatId;
}

internal sealed class InMemoryModeratorStore : IModeratorStore
{
    private readonly Lock _gate = new();
    private readonly List<ModeratorEntry> _moderators = [];

    public ValueTask<IReadOnlyList<ModeratorEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<ModeratorEntry> list = [.. _moderators];
            return ValueTask.FromResult(list);
        }
    }

    public ValueTask<bool> AddAsync(ModeratorEntry moderator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(moderator);
        ModeratorTag.ThrowIfInvalid(moderator.Tag, nameof(moderator));
        lock (_gate)
        {
            if (_moderators.Exists(m => m.Tag == moderator.Tag))
            {
                return ValueTask.FromResult(false);
            }

            _moderators.Add(moderator);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> RemoveAsync(string tag, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_moderators.RemoveAll(m => m.Tag == tag) > 0);
        }
    }
}
