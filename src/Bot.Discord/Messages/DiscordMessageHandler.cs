using System.Text.Json;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Inbox;
using Bot.Discord.Model;
using Bot.Discord.Rendering;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Messages;

/// <summary>
/// MESSAGE_CREATE → <see cref="IncomingMessage"/> → engine → reply messages. Mentions, replies to the bot and DMs
/// are flagged; bots and webhooks are ignored; the typing indicator is kept alive while the engine works.
/// </summary>
/// <remarks>https://discord.com/developers/docs/events/gateway-events#message-create</remarks>
internal sealed class DiscordMessageHandler(
    IBotEngine engine,
    DiscordRestClient rest,
    DiscordBotState state,
    TimeProvider time,
    IOptions<DiscordOptions> options,
    ILogger<DiscordMessageHandler> logger)
{
    public const string Platform = "discord";

    /// <summary>
    /// The inbox item for a MESSAGE_CREATE the bot may answer (its raw JSON, keyed by channel), or null for one it
    /// never answers (bots, webhooks, its own, unaddressed empty text).
    /// </summary>
    public InboxItem? ToInboxItem(JsonElement data) =>
        Read(data) is { } read
            ? new InboxItem(Platform, "message:" + read.Message.Id, read.Message.ChannelId.ToString(), data.GetRawText(), time.GetUtcNow())
            : null;

    /// <summary>Answers a message recorded in the inbox.</summary>
    public async Task HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var document = JsonDocument.Parse(item.Payload);
        await HandleAsync(document.RootElement, cancellationToken);
    }

    public async Task HandleAsync(JsonElement data, CancellationToken cancellationToken)
    {
        if (Read(data) is not { } received)
        {
            return;
        }

        var (message, author, mentioned, replyToBot, isPrivate, text, addressed) = received;

        // A thread is its parent channel plus the thread, addressed or not: one rule for its settings (the thread's
        // own, falling back to the parent's).
        var (chatId, threadId) = await state.ResolveAsync(message.ChannelId, message.GuildId, rest, cancellationToken);
        var flags = (mentioned ? MessageFlags.Mentioned : MessageFlags.None)
            | (replyToBot ? MessageFlags.ReplyToBot : MessageFlags.None)
            | (isPrivate ? MessageFlags.Private : MessageFlags.None);
        // "/sources" typed as a reply to an answer lists that answer's publications (Discord has no slash-command replies).
        var sourcesReply = replyToBot && text.Trim().ToLowerInvariant() is "/sources" or "!sources";
        var incoming = new IncomingMessage(
            Platform,
            chatId,
            author.Id.ToString(),
            message.Id.ToString(),
            sourcesReply ? string.Empty : text,
            Command: sourcesReply ? "sources" : null,
            ReplyToMessageId: message.ReferencedMessageId?.ToString(),
            ThreadId: threadId,
            Flags: flags,
            GuildId: message.GuildId?.ToString(),
            BotSeesAllMessages: state.SeesMessageContent);
        logger.LogDebug("Discord message {MessageId} in {ChannelId} from {UserId} ({Flags}): {Text}", message.Id, message.ChannelId, author.Id, flags, text);

        BotReply? reply;
        using (var typing = new CancellationTokenSource())
        {
            var typingLoop = addressed ? KeepTypingAsync(message.ChannelId, typing.Token, cancellationToken) : Task.CompletedTask;
            try
            {
                reply = await engine.HandleAsync(incoming, cancellationToken);
            }
            finally
            {
                await typing.CancelAsync();
                await typingLoop;
            }
        }

        if (reply is null)
        {
            return;
        }

        var messages = DiscordRenderer.Render(reply);
        var sent = new List<string>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var outgoing = i == 0 ? messages[i] with { ReplyToMessageId = message.Id.ToString() } : messages[i];
            var response = await rest.CreateMessageAsync(message.ChannelId, outgoing, cancellationToken);
            if (!response.IsSuccess || response.Id is not { } id)
            {
                logger.LogWarning("Discord reply to message {MessageId} stopped at part {Part} of {Parts} ({Status})", message.Id, i + 1, messages.Count, (int)response.Status);
                break;
            }

            state.RememberSent(id);
            sent.Add(id.ToString());
        }

        foreach (var id in sent)
        {
            await engine.RecordSentAsync(incoming, reply, id, cancellationToken);
        }
    }

    /// <summary>What the handler needs to know of a message the bot may answer; null for one it never answers.</summary>
    private Received? Read(JsonElement data)
    {
        if (DiscordMessage.From(data) is not { Author: { } author } message || author.IsBot || message.WebhookId is not null)
        {
            return null;
        }

        if (state.BotUserId is not { } bot || author.Id == bot)
        {
            return null;
        }

        var mentioned = message.Mentions.Contains(bot) || message.Content.Contains($"<@{bot}>", StringComparison.Ordinal) || message.Content.Contains($"<@!{bot}>", StringComparison.Ordinal);
        var replyToBot = message.ReferencedAuthor?.Id == bot
            || (message.ReferencedAuthor is null && message.ReferencedMessageId is { } referenced && state.SentByBot(referenced));
        var isPrivate = message.GuildId is null;
        var text = StripMention(message.Content, bot);
        var addressed = mentioned || replyToBot || isPrivate;
        return !addressed && text.Length == 0 ? null : new Received(message, author, mentioned, replyToBot, isPrivate, text, addressed);
    }

    internal static string StripMention(string content, Snowflake bot) =>
        content.Replace($"<@{bot}>", " ", StringComparison.Ordinal).Replace($"<@!{bot}>", " ", StringComparison.Ordinal).Trim();

    /// <summary>Typing lasts 10 s on Discord; it is renewed every <c>Discord:TypingIntervalSeconds</c> until the answer is ready.</summary>
    private async Task KeepTypingAsync(Snowflake channelId, CancellationToken stop, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.TypingIntervalSeconds);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // A typing request in flight is finished (not cancelled), so it never lands after the answer.
                await rest.TriggerTypingAsync(channelId, cancellationToken);
                await Task.Delay(interval, time, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The answer is ready.
        }
        catch (HttpRequestException ex)
        {
            logger.LogDebug(ex, "Discord typing indicator in {ChannelId} failed", channelId);
        }
    }

    private sealed record Received(DiscordMessage Message, DiscordUser Author, bool Mentioned, bool ReplyToBot, bool IsPrivate, string Text, bool Addressed);
}
