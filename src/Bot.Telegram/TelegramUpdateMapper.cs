using System.Globalization;
using System.Text;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>What one Telegram update means to the bot.</summary>
internal abstract record MappedUpdate;

/// <summary>Nothing to do (not addressed to the bot, from a bot, not text, ...).</summary>
internal sealed record IgnoredUpdate(string Reason) : MappedUpdate;

/// <summary>A message the bot should hand to the engine.</summary>
/// <param name="Addressed">False for a group message with no command, mention or reply to the bot (channel mode <c>all</c> decides).</param>
internal sealed record QuestionUpdate(IncomingMessage Message, long ChatId, bool IsGroup, int MessageId, int? ThreadId, bool Addressed = true) : MappedUpdate;

/// <summary>A press on a 👍/👎 button.</summary>
internal sealed record FeedbackUpdate(string CallbackQueryId, long ChatId, string UserId, string AnswerId, FeedbackVote Vote, string? Locale) : MappedUpdate;

/// <summary>A press on the Sources button under an answer: <c>/sources</c> as a reply to that answer.</summary>
internal sealed record SourcesButtonUpdate(string CallbackQueryId, QuestionUpdate Question) : MappedUpdate;

/// <summary>A press on a button that is not ours to understand; it is still acknowledged.</summary>
internal sealed record UnknownCallbackUpdate(string CallbackQueryId) : MappedUpdate;

/// <summary>A group became a supergroup with a new id.</summary>
internal sealed record MigrationUpdate(long OldChatId, long NewChatId) : MappedUpdate;

/// <summary>The bot was added to, or removed from, a chat.</summary>
internal sealed record MembershipUpdate(long ChatId, bool CanSend) : MappedUpdate;

/// <summary>
/// Turns a Telegram update into neutral terms: commands (<c>/ask@ThisBot</c>, never another bot's), mentions of the
/// bot (stripped from the text), replies to the bot, forum topics, and the group rule of this release (private chats
/// always; groups on a command, a mention or a reply to the bot).
/// </summary>
internal static class TelegramUpdateMapper
{
    public const string FeedbackPrefix = "fb:";

    /// <summary>Callback data of the Sources button (the answer is the message the button is under).</summary>
    public const string SourcesData = "src";

    /// <param name="update">The update.</param>
    /// <param name="me">The bot itself.</param>
    /// <param name="forwardGroupMessages">
    /// Pass group messages not addressed to the bot on (unaddressed), so the engine can apply the channel mode
    /// <c>all</c>; when false they are ignored here.
    /// </param>
    public static MappedUpdate Map(Update update, User me, bool forwardGroupMessages = false)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(me);
        return update switch
        {
            { Message: { } message } => MapMessage(message, me, forwardGroupMessages),
            { CallbackQuery: { } query } => MapCallback(query),
            { MyChatMember: { } member } => new MembershipUpdate(
                member.Chat.Id,
                member.NewChatMember.Status is ChatMemberStatus.Member or ChatMemberStatus.Administrator or ChatMemberStatus.Creator or ChatMemberStatus.Restricted),
            _ => new IgnoredUpdate("update type not used"),
        };
    }

    /// <summary>The chat an update belongs to, so one chat's updates are handled in order; null when none.</summary>
    public static long? ChatOf(Update update) => update switch
    {
        { Message: { } m } => m.MigrateToChatId ?? m.Chat.Id,
        { CallbackQuery.Message: { } m } => m.Chat.Id,
        { MyChatMember: { } c } => c.Chat.Id,
        _ => null,
    };

    public static string FeedbackData(string answerId, FeedbackVote vote) =>
        FeedbackPrefix + (vote == FeedbackVote.Up ? "+" : "-") + ":" + answerId;

    private static MappedUpdate MapMessage(Message message, User me, bool forwardGroupMessages)
    {
        if (message.MigrateToChatId is { } newId)
        {
            return new MigrationUpdate(message.Chat.Id, newId);
        }

        var isPrivate = message.Chat.Type == ChatType.Private;
        var isGroup = message.Chat.Type is ChatType.Group or ChatType.Supergroup;
        if (!isPrivate && !isGroup)
        {
            return new IgnoredUpdate("channel");
        }

        // An anonymous group admin writes "as the group": from is a service bot, sender_chat is the group itself.
        var anonymousAdmin = message.SenderChat is { } senderChat && senderChat.Id == message.Chat.Id;
        if (message.From is null && !anonymousAdmin)
        {
            return new IgnoredUpdate("no sender");
        }

        if (message.From is { IsBot: true } && !anonymousAdmin)
        {
            return new IgnoredUpdate("from a bot");
        }

        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return new IgnoredUpdate("no text");
        }

        var text = message.Text;
        var entities = message.Entities ?? [];
        var username = me.Username ?? string.Empty;
        string? command = null;
        var mentioned = false;
        var cut = new List<(int Start, int Length)>();
        User? textMentioned = null;

        foreach (var entity in entities)
        {
            if (entity.Offset < 0 || entity.Length <= 0 || entity.Offset + entity.Length > text.Length)
            {
                continue;
            }

            var value = text.Substring(entity.Offset, entity.Length);
            switch (entity.Type)
            {
                case MessageEntityType.BotCommand when entity.Offset == 0:
                    var name = value.TrimStart('/');
                    var at = name.IndexOf('@', StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        if (!name[(at + 1)..].Equals(username, StringComparison.OrdinalIgnoreCase))
                        {
                            return new IgnoredUpdate("command for another bot");
                        }

                        name = name[..at];
                    }

                    command = name.ToLowerInvariant();
                    cut.Add((entity.Offset, entity.Length));
                    break;

                case MessageEntityType.Mention when username.Length > 0 && value.Equals("@" + username, StringComparison.OrdinalIgnoreCase):
                    mentioned = true;
                    cut.Add((entity.Offset, entity.Length));
                    break;

                case MessageEntityType.TextMention when entity.User?.Id == me.Id:
                    mentioned = true;
                    cut.Add((entity.Offset, entity.Length));
                    break;

                case MessageEntityType.TextMention when entity.User is { } user:
                    // A mention of a user without a username: the only way to name someone in /moderators add.
                    textMentioned ??= user;
                    cut.Add((entity.Offset, entity.Length));
                    break;
            }
        }

        var replyToBot = message.ReplyToMessage is { From: { } author } && author.Id == me.Id;
        var addressed = !isGroup || command is not null || mentioned || replyToBot;
        if (!addressed && !forwardGroupMessages)
        {
            return new IgnoredUpdate("group message not addressed to the bot");
        }

        var flags = MessageFlags.None;
        if (isPrivate)
        {
            flags |= MessageFlags.Private;
        }

        if (mentioned)
        {
            flags |= MessageFlags.Mentioned;
        }

        if (replyToBot)
        {
            flags |= MessageFlags.ReplyToBot;
        }

        int? threadId = message.IsTopicMessage ? message.MessageThreadId : null;
        var replyTo = message.ReplyToMessage is { } replied && !(message.IsTopicMessage && replied.MessageId == message.MessageThreadId)
            ? replied.MessageId.ToString(CultureInfo.InvariantCulture)
            : null;
        var userId = anonymousAdmin ? message.Chat.Id : message.From!.Id;
        var cleaned = RemoveRanges(text, cut);
        if (command == "moderators")
        {
            cleaned = ModeratorTarget(cleaned, message.ReplyToMessage?.From is { IsBot: false } replied2 ? replied2 : null, textMentioned);
        }

        var incoming = new IncomingMessage(
            TelegramConstants.Platform,
            message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            userId.ToString(CultureInfo.InvariantCulture),
            message.MessageId.ToString(CultureInfo.InvariantCulture),
            cleaned,
            ReplyToMessageId: replyTo,
            ThreadId: threadId?.ToString(CultureInfo.InvariantCulture),
            Locale: message.From?.LanguageCode,
            Flags: flags,
            Command: command,
            SenderIsChatAdmin: anonymousAdmin ? true : null,
            BotSeesAllMessages: isGroup ? me.CanReadAllGroupMessages : null);
        return new QuestionUpdate(incoming, message.Chat.Id, isGroup, message.MessageId, threadId, addressed);
    }

    /// <summary>
    /// <c>/moderators add</c> or <c>remove</c> names its target by replying to their message or with a text mention
    /// (usernames cannot be resolved to ids): the target becomes a <c>telegram:ID</c> tag after the verb.
    /// </summary>
    private static string ModeratorTarget(string text, User? repliedTo, User? textMentioned)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0].ToLowerInvariant() is not ("add" or "remove") || (parts.Length > 1 && ModeratorTag.IsValid(parts[1].Trim())))
        {
            return text;
        }

        var target = textMentioned ?? repliedTo;
        return target is null ? parts[0] : string.Create(CultureInfo.InvariantCulture, $"{parts[0]} {ModeratorTag.Telegram}:{target.Id}");
    }

    private static MappedUpdate MapCallback(CallbackQuery query)
    {
        var data = query.Data ?? string.Empty;
        if (data == SourcesData && query.Message is { } answer)
        {
            var isPrivate = answer.Chat.Type == ChatType.Private;
            var incoming = new IncomingMessage(
                TelegramConstants.Platform,
                answer.Chat.Id.ToString(CultureInfo.InvariantCulture),
                query.From.Id.ToString(CultureInfo.InvariantCulture),
                "cb:" + query.Id,
                string.Empty,
                ReplyToMessageId: answer.MessageId.ToString(CultureInfo.InvariantCulture),
                ThreadId: answer.MessageThreadId?.ToString(CultureInfo.InvariantCulture),
                Locale: query.From.LanguageCode,
                Flags: MessageFlags.ReplyToBot | (isPrivate ? MessageFlags.Private : MessageFlags.None),
                Command: "sources");
            return new SourcesButtonUpdate(query.Id, new QuestionUpdate(incoming, answer.Chat.Id, !isPrivate, answer.MessageId, answer.MessageThreadId));
        }

        if (query.Message is null
            || !data.StartsWith(FeedbackPrefix, StringComparison.Ordinal)
            || data.Length < FeedbackPrefix.Length + 3
            || data[FeedbackPrefix.Length + 1] != ':')
        {
            return new UnknownCallbackUpdate(query.Id);
        }

        var sign = data[FeedbackPrefix.Length];
        if (sign is not ('+' or '-'))
        {
            return new UnknownCallbackUpdate(query.Id);
        }

        var answerId = data[(FeedbackPrefix.Length + 2)..];
        return new FeedbackUpdate(
            query.Id,
            query.Message.Chat.Id,
            query.From.Id.ToString(CultureInfo.InvariantCulture),
            answerId,
            sign == '+' ? FeedbackVote.Up : FeedbackVote.Down,
            query.From.LanguageCode);
    }

    /// <summary>Removes the command and mention ranges (UTF-16 offsets, as Telegram counts) and tidies the spaces.</summary>
    private static string RemoveRanges(string text, List<(int Start, int Length)> ranges)
    {
        if (ranges.Count == 0)
        {
            return text.Trim();
        }

        var sb = new StringBuilder(text);
        foreach (var (start, length) in ranges.OrderByDescending(r => r.Start))
        {
            sb.Remove(start, length);
        }

        var result = sb.ToString();
        while (result.Contains("  ", StringComparison.Ordinal))
        {
            result = result.Replace("  ", " ", StringComparison.Ordinal);
        }

        return result.Replace(" ,", ",", StringComparison.Ordinal).Trim().TrimStart(',', ':').Trim();
    }
}
