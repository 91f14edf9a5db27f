using System.Text.Json;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Stores;
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
    IProcessedUpdateStore processed,
    DiscordRestClient rest,
    DiscordBotState state,
    TimeProvider time,
    IOptions<DiscordOptions> options,
    ILogger<DiscordMessageHandler> logger)
{
    public const string Platform = "discord";

    public async Task HandleAsync(JsonElement data, CancellationToken cancellationToken)
    {
        if (DiscordMessage.From(data) is not { Author: { } author } message || author.IsBot || message.WebhookId is not null)
        {
            return;
        }

        if (state.BotUserId is not { } bot || author.Id == bot)
        {
            return;
        }

        var mentioned = message.Mentions.Contains(bot) || message.Content.Contains($"<@{bot}>", StringComparison.Ordinal) || message.Content.Contains($"<@!{bot}>", StringComparison.Ordinal);
        var replyToBot = message.ReferencedAuthor?.Id == bot
            || (message.ReferencedAuthor is null && message.ReferencedMessageId is { } referenced && state.SentByBot(referenced));
        var isPrivate = message.GuildId is null;
        var text = StripMention(message.Content, bot);
        var addressed = mentioned || replyToBot || isPrivate;
        if (!addressed && text.Length == 0)
        {
            return;
        }

        if (!await processed.TryMarkAsync(Platform, "message:" + message.Id, cancellationToken))
        {
            return;
        }

        // A thread is its parent channel plus the thread, addressed or not: one rule for its settings (the thread's
        // own, falling back to the parent's).
        var (chatId, threadId) = await state.ResolveAsync(message.ChannelId, message.GuildId, rest, cancellationToken);
        var flags = (mentioned ? MessageFlags.Mentioned : MessageFlags.None)
            | (replyToBot ? MessageFlags.ReplyToBot : MessageFlags.None)
            | (isPrivate ? MessageFlags.Private : MessageFlags.None);
        var incoming = new IncomingMessage(
            Platform,
            chatId,
            author.Id.ToString(),
            message.Id.ToString(),
            text,
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
}
