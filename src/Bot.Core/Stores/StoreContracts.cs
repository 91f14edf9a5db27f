using Bot.Core.Messages;

namespace Bot.Core.Stores;

// Small store interfaces for the state the bot keeps. Each has an in-memory implementation in this project;
// the storage issue adds SQLite and PostgreSQL implementations behind the same interfaces.

/// <summary>Remembers which platform updates were handled, so a redelivered update is answered once.</summary>
public interface IProcessedUpdateStore
{
    /// <summary>Marks the update as handled. Returns false when it was already marked (a redelivery).</summary>
    ValueTask<bool> TryMarkAsync(string platform, string updateId, CancellationToken cancellationToken = default);

    /// <summary>A per-platform cursor (e.g. Telegram's next getUpdates offset), null when none is stored.</summary>
    ValueTask<string?> GetCursorAsync(string platform, CancellationToken cancellationToken = default);

    ValueTask SetCursorAsync(string platform, string cursor, CancellationToken cancellationToken = default);
}

/// <summary>A bot answer as sent, so a reply to it can be answered as a follow-up and feedback can find it.</summary>
public sealed record StoredAnswer(
    string Platform,
    string ChatId,
    string BotMessageId,
    string AnswerId,
    string Question,
    string AnswerText,
    string Language,
    IReadOnlyList<string> SourceFiles,
    DateTimeOffset At);

public interface IAnswerStore
{
    ValueTask SaveAsync(StoredAnswer answer, CancellationToken cancellationToken = default);

    /// <summary>The answer the bot sent as message <paramref name="botMessageId"/> in the chat, if remembered.</summary>
    ValueTask<StoredAnswer?> FindByMessageAsync(string platform, string chatId, string botMessageId, CancellationToken cancellationToken = default);

    ValueTask<StoredAnswer?> FindByAnswerIdAsync(string answerId, CancellationToken cancellationToken = default);

    /// <summary>Moves everything stored under one chat id to another (a Telegram group that became a supergroup).</summary>
    ValueTask MoveChatAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken = default);
}

public enum FeedbackVote
{
    Down = -1,
    Up = 1,
}

public sealed record FeedbackEntry(
    string AnswerId,
    string Platform,
    string ChatId,
    string UserId,
    FeedbackVote Vote,
    string Question,
    string AnswerText,
    IReadOnlyList<string> SourceFiles,
    DateTimeOffset At);

public interface IFeedbackStore
{
    /// <summary>Stores a vote; the same user voting again on the same answer replaces the earlier vote.</summary>
    ValueTask RecordAsync(FeedbackEntry entry, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<FeedbackEntry>> ListAsync(DateTimeOffset since, string? platform = null, string? chatId = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes votes older than <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}

/// <summary>One question as the bot saw it.</summary>
/// <param name="CommunityId">The Discord guild or Telegram chat the question came from (the chat itself in a private chat).</param>
/// <param name="IsPrivate">Asked in a private chat with the bot.</param>
/// <param name="DeclineReason">
/// Why it was declined (<see cref="QuestionLogEntry.HostileReason"/>, <see cref="QuestionLogEntry.OutOfScopeReason"/>,
/// <c>weak-evidence</c>, <c>answerer</c>); null when answered. Only declines that are neither hostile nor out of scope
/// are knowledge gaps.
/// </param>
public sealed record QuestionLogEntry(
    string Platform,
    string ChatId,
    string UserId,
    string Question,
    string Language,
    bool Answered,
    IReadOnlyList<string> TopSources,
    DateTimeOffset At,
    string? CommunityId = null,
    bool IsPrivate = false,
    string? DeclineReason = null)
{
    /// <summary>The decline reason of a message refused as hostile (an injection): never a knowledge gap.</summary>
    public const string HostileReason = "hostile";

    /// <summary>The decline reason of a request for advice ("should I buy …"): facts would not answer it, so it is no gap.</summary>
    public const string OutOfScopeReason = "out-of-scope";

    /// <summary>True for a declined question that tells moderators what the knowledge lacks.</summary>
    public bool IsGap => !Answered && DeclineReason is not (HostileReason or OutOfScopeReason);
}

public interface IQuestionLog
{
    ValueTask AppendAsync(QuestionLogEntry entry, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<QuestionLogEntry>> ListAsync(DateTimeOffset since, string? platform = null, string? chatId = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes entries older than <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}

/// <summary>What makes the bot answer in a channel.</summary>
public enum ChannelMode
{
    /// <summary>Mentions, replies to the bot and /ask.</summary>
    Mentions,

    /// <summary>Every message that looks like a question, plus the above.</summary>
    All,

    /// <summary>Only /ask.</summary>
    Commands,
}

public sealed record ChannelSettings(
    string Platform,
    string ChatId,
    bool Enabled,
    ChannelMode Mode,
    string? Language,
    int CooldownSeconds,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt);

public interface IChannelSettingsStore
{
    ValueTask<ChannelSettings?> GetAsync(string platform, string chatId, CancellationToken cancellationToken = default);

    ValueTask SaveAsync(ChannelSettings settings, CancellationToken cancellationToken = default);

    ValueTask MoveChatAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken = default);
}

/// <summary>A moderator added in chat: <see cref="Tag"/> is a platform-tagged id (see <see cref="ModeratorTag"/>).</summary>
public sealed record ModeratorEntry(string Tag, string AddedBy, DateTimeOffset AddedAt);

/// <summary>
/// Moderators added in chat by owners (those in <c>Bot:ModeratorIds</c> come from configuration, not from here).
/// Tags name a platform and an id: <c>telegram:123</c>, <c>discord:456</c>, <c>discord-role:789</c>.
/// </summary>
public interface IModeratorStore
{
    /// <summary>Every stored moderator, oldest first.</summary>
    ValueTask<IReadOnlyList<ModeratorEntry>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a moderator. Returns false when the tag is already a moderator (the earlier entry is kept).</summary>
    ValueTask<bool> AddAsync(ModeratorEntry moderator, CancellationToken cancellationToken = default);

    /// <summary>Removes a moderator. Returns false when the tag was not one.</summary>
    ValueTask<bool> RemoveAsync(string tag, CancellationToken cancellationToken = default);
}

/// <summary>Platform-tagged ids for owners and moderators: <c>telegram:123</c>, <c>discord:456</c>, <c>discord-role:789</c>.</summary>
public static class ModeratorTag
{
    public const string Telegram = "telegram";
    public const string Discord = "discord";
    public const string DiscordRole = "discord-role";

    /// <summary>True for <c>PLATFORM:DIGITS</c> with a known platform (lower case) and a numeric id.</summary>
    public static bool IsValid(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return false;
        }

        var colon = tag.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == tag.Length - 1)
        {
            return false;
        }

        var platform = tag[..colon];
        return platform is Telegram or Discord or DiscordRole && tag.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the expected form when <paramref name="tag"/> is not valid.</summary>
    public static void ThrowIfInvalid(string? tag, string paramName)
    {
        if (!IsValid(tag))
        {
            throw new ArgumentException($"'{tag}' is not a moderator tag: expected telegram:ID, discord:ID or discord-role:ID with a numeric ID.", paramName);
        }
    }
}
