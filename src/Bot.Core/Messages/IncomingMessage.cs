namespace Bot.Core.Messages;

/// <summary>
/// A chat message turned into neutral terms by a platform adapter. Ids are strings because Telegram uses
/// 64-bit signed ids and Discord 64-bit unsigned ones.
/// </summary>
/// <param name="Platform">Short platform name: <c>telegram</c>, <c>discord</c>, <c>console</c>, <c>cli</c>.</param>
/// <param name="ChatId">The chat, group or channel the message was posted in.</param>
/// <param name="UserId">The author.</param>
/// <param name="MessageId">The message itself.</param>
/// <param name="Text">The text with the bot's own mention and command prefix already removed by the adapter.</param>
/// <param name="ReplyToMessageId">The message this one replies to, if any.</param>
/// <param name="ThreadId">Forum topic or thread, if any.</param>
/// <param name="Locale">The user's client locale when the platform tells it (e.g. <c>vi</c>, <c>en-US</c>).</param>
/// <param name="Flags">How the message reached the bot.</param>
/// <param name="Command">A command the adapter recognised (<c>ask</c>, <c>help</c>, <c>sources</c>, ...), without slash; null for plain text.</param>
/// <param name="GuildId">The community (Discord guild, Telegram group) the chat belongs to, when different from the chat.</param>
/// <param name="SenderIsChatAdmin">
/// Whether the author administers this chat (Discord: Administrator or Manage Server in the interaction's permissions;
/// Telegram: creator or administrator, or an anonymous admin posting as the chat). Null when the adapter did not check.
/// </param>
/// <param name="SenderRoleIds">The author's roles in the community (Discord role ids), when the platform has them.</param>
/// <param name="BotSeesAllMessages">
/// Whether the bot receives every message in this chat (false: Discord without the Message Content intent, Telegram
/// with privacy mode on). Null when unknown.
/// </param>
public sealed record IncomingMessage(
    string Platform,
    string ChatId,
    string UserId,
    string MessageId,
    string Text,
    string? ReplyToMessageId = null,
    string? ThreadId = null,
    string? Locale = null,
    MessageFlags Flags = MessageFlags.None,
    string? Command = null,
    string? GuildId = null,
    bool? SenderIsChatAdmin = null,
    IReadOnlyList<string>? SenderRoleIds = null,
    bool? BotSeesAllMessages = null);

[Flags]
public enum MessageFlags
{
    None = 0,

    /// <summary>The message mentions the bot.</summary>
    Mentioned = 1,

    /// <summary>The message replies to one of the bot's messages.</summary>
    ReplyToBot = 2,

    /// <summary>A private chat or DM with the bot.</summary>
    Private = 4,

    /// <summary>
    /// Outside a private chat, the adapter answers so that only the author sees it (a Discord slash command's
    /// ephemeral reply), so the answer may carry what only the author should read.
    /// </summary>
    AnswerSeenByAskerOnly = 8,
}
