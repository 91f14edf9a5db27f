using System.Globalization;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram;

/// <summary>Handles one update: asks the engine, shows typing meanwhile, sends the rendered reply, records it.</summary>
internal sealed class TelegramUpdateHandler(
    ITelegramBotClient client,
    IBotEngine engine,
    TelegramSender sender,
    TelegramChatMigrator migrator,
    TelegramStatus status,
    TelegramAdminCheck adminCheck,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramUpdateHandler> logger)
{
    /// <summary>How long a notice meant only for the asker stays in a group before the bot deletes it.</summary>
    internal static readonly TimeSpan OnlyAskerNoticeLifetime = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _typingInterval = TimeSpan.FromMilliseconds(options.Value.TypingIntervalMilliseconds);

    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var me = status.Me ?? throw new InvalidOperationException("The bot's identity is not known yet.");
        // Group messages not addressed to the bot go to the engine too: it answers them only in channel mode "all".
        switch (TelegramUpdateMapper.Map(update, me, forwardGroupMessages: true))
        {
            case QuestionUpdate question:
                await AnswerAsync(question, cancellationToken);
                break;
            case FeedbackUpdate feedback:
                await RecordFeedbackAsync(feedback, cancellationToken);
                break;
            case SourcesButtonUpdate sources:
                await AcknowledgeAsync(sources.CallbackQueryId, null, cancellationToken);
                await AnswerAsync(sources.Question, cancellationToken);
                break;
            case UnknownCallbackUpdate unknown:
                await AcknowledgeAsync(unknown.CallbackQueryId, null, cancellationToken);
                break;
            case MigrationUpdate migration:
                await migrator.MigrateAsync(migration.OldChatId, migration.NewChatId, cancellationToken);
                break;
            case MembershipUpdate { CanSend: true } membership:
                sender.MarkAvailable(membership.ChatId);
                break;
            case MembershipUpdate membership:
                sender.MarkUnavailable(membership.ChatId);
                break;
            case IgnoredUpdate ignored:
                logger.LogDebug("Telegram update {UpdateId} ignored: {Reason}", update.Id, ignored.Reason);
                break;
        }
    }

    private async Task AnswerAsync(QuestionUpdate question, CancellationToken cancellationToken)
    {
        if (sender.IsUnavailable(question.ChatId))
        {
            return;
        }

        logger.LogDebug("Telegram message {MessageId} in chat {ChatId}: {Text}", question.MessageId, question.ChatId, question.Message.Text);
        if (question.IsGroup && NeedsAdminCheck(question.Message) && long.TryParse(question.Message.UserId, CultureInfo.InvariantCulture, out var userId))
        {
            question = question with { Message = question.Message with { SenderIsChatAdmin = await adminCheck.IsAdminAsync(question.ChatId, userId, cancellationToken) } };
        }

        using var typingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = question.Addressed ? KeepTypingAsync(question, typingStop.Token) : Task.CompletedTask;
        try
        {
            var reply = await engine.HandleAsync(question.Message, cancellationToken);
            if (reply is null)
            {
                return;
            }

            await SendReplyAsync(question, reply, cancellationToken);
        }
        finally
        {
            await typingStop.CancelAsync();
            await typing;
        }
    }

    /// <summary>Admin commands need to know whether the sender administers the group (an anonymous admin already does).</summary>
    private static bool NeedsAdminCheck(IncomingMessage message) =>
        message.SenderIsChatAdmin is null && message.Command is "channel" or "kb";

    /// <summary>
    /// Telegram has no message only one member sees: in a group such a notice is a reply that the bot deletes after a
    /// minute. When it cannot be deleted it stays (the bot logs why); in private chats it simply stays.
    /// </summary>
    private async Task SendOnlyAskerNoticeAsync(QuestionUpdate question, BotReply reply, CancellationToken cancellationToken)
    {
        var chunks = TelegramRenderer.Render(reply);
        var sent = new List<int>(chunks.Count);
        foreach (var chunk in chunks)
        {
            var result = await sender.SendAsync(new OutgoingMessage(question.ChatId, question.IsGroup, chunk, question.MessageId, question.ThreadId, null), cancellationToken);
            if (result.Status != SendStatus.Sent)
            {
                return;
            }

            sent.Add(result.MessageId);
        }

        if (question.IsGroup)
        {
            _ = DeleteLaterAsync(question.ChatId, sent, cancellationToken);
        }
    }

    private async Task DeleteLaterAsync(long chatId, List<int> messageIds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(OnlyAskerNoticeLifetime, time, cancellationToken);
            foreach (var id in messageIds)
            {
                await client.DeleteMessage(chatId, id, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            logger.LogWarning("Deleting a notice in Telegram chat {ChatId} failed: {Error}", chatId, e.Message);
        }
    }

    private async Task SendReplyAsync(QuestionUpdate question, BotReply reply, CancellationToken cancellationToken)
    {
        if (reply.OnlyAsker)
        {
            await SendOnlyAskerNoticeAsync(question, reply, cancellationToken);
            return;
        }

        var chunks = TelegramRenderer.Render(reply);
        var buttons = reply.Kind == ReplyKind.Answer && !string.IsNullOrEmpty(reply.AnswerId)
            ? new InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton.WithCallbackData("👍", TelegramUpdateMapper.FeedbackData(reply.AnswerId, FeedbackVote.Up)),
                    InlineKeyboardButton.WithCallbackData("👎", TelegramUpdateMapper.FeedbackData(reply.AnswerId, FeedbackVote.Down)),
                    InlineKeyboardButton.WithCallbackData(reply.Language == "vi" ? "Nguồn" : "Sources", TelegramUpdateMapper.SourcesData),
                ],
            ])
            : null;

        var chatId = question.ChatId;
        var incoming = question.Message;
        for (var i = 0; i < chunks.Count; i++)
        {
            var last = i == chunks.Count - 1;
            var result = await sender.SendAsync(
                new OutgoingMessage(chatId, question.IsGroup, chunks[i], i == 0 ? question.MessageId : null, question.ThreadId, last ? buttons : null),
                cancellationToken);
            if (result.Status != SendStatus.Sent)
            {
                logger.LogWarning("Reply to Telegram message {MessageId} in chat {ChatId} stopped at part {Part} of {Parts}: {Status}", question.MessageId, chatId, i + 1, chunks.Count, result.Status);
                return;
            }

            if (result.ChatId != chatId)
            {
                chatId = result.ChatId;
                incoming = incoming with { ChatId = chatId.ToString(CultureInfo.InvariantCulture) };
            }

            await engine.RecordSentAsync(incoming, reply, result.MessageId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        }
    }

    /// <summary>The typing action lasts about five seconds: renew it until the answer is out.</summary>
    private async Task KeepTypingAsync(QuestionUpdate question, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await client.SendChatAction(question.ChatId, ChatAction.Typing, question.ThreadId, cancellationToken: cancellationToken);
                }
                catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
                {
                    logger.LogDebug("Typing action in chat {ChatId} failed: {Error}", question.ChatId, e.Message);
                }

                await Task.Delay(_typingInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The answer was sent (or the host is stopping).
        }
    }

    private async Task RecordFeedbackAsync(FeedbackUpdate feedback, CancellationToken cancellationToken)
    {
        var known = await engine.RecordFeedbackAsync(
            TelegramConstants.Platform,
            feedback.ChatId.ToString(CultureInfo.InvariantCulture),
            feedback.UserId,
            feedback.AnswerId,
            feedback.Vote,
            cancellationToken);
        var vi = feedback.Locale?.StartsWith("vi", StringComparison.OrdinalIgnoreCase) == true;
        var text = (known, vi) switch
        {
            (true, true) => "Cảm ơn góp ý của bạn!",
            (true, false) => "Thanks for the feedback!",
            (false, true) => "Câu trả lời này đã quá cũ để góp ý.",
            (false, false) => "This answer is too old for feedback.",
        };
        await AcknowledgeAsync(feedback.CallbackQueryId, text, cancellationToken);
    }

    /// <summary>Clients show a spinner until the press is answered: always answer it.</summary>
    private async Task AcknowledgeAsync(string callbackQueryId, string? text, CancellationToken cancellationToken)
    {
        try
        {
            await client.AnswerCallbackQuery(callbackQueryId, text, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            logger.LogWarning("Answering a Telegram button press failed: {Error}", e.Message);
        }
    }
}
