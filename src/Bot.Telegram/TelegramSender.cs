using System.Net;
using Bot.Core.Diagnostics;
using Bot.Core.Limits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram;

/// <summary>One message to send: HTML with its plain-text twin for when Telegram rejects the formatting.</summary>
internal sealed record OutgoingMessage(
    long ChatId,
    bool IsGroup,
    RenderedChunk Text,
    int? ReplyToMessageId,
    int? ThreadId,
    InlineKeyboardMarkup? Buttons);

internal enum SendStatus
{
    Sent,

    /// <summary>403: the bot was blocked or removed; nothing more goes to this chat.</summary>
    ChatUnavailable,

    /// <summary>401: the token is no longer accepted; the adapter stops.</summary>
    Unauthorized,

    /// <summary>Given up after the configured attempts, or rejected for good.</summary>
    Failed,
}

/// <summary>What happened to a send; <see cref="ChatId"/> is the chat it finally went to (a migrated group moves).</summary>
internal sealed record SendResult(SendStatus Status, int MessageId, long ChatId);

/// <summary>
/// The one way messages leave for Telegram: paced per chat, group and overall; 429 waits for <c>retry_after</c> and
/// tries again (nothing is dropped); 5xx, 408 and network errors are retried by a Polly pipeline (exponential backoff
/// with jitter on the injected <see cref="TimeProvider"/>, <c>Telegram:MaxSendAttempts</c> in all); 403 stops sending to that chat;
/// a formatting error resends the same text as plain text; a group that migrated is followed to its new id.
/// </summary>
internal sealed class TelegramSender(
    ITelegramBotClient client,
    SendPacer pacer,
    TelegramStatus status,
    TelegramChatMigrator migrator,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    Random random,
    ILogger<TelegramSender> logger,
    BotMetrics? metrics = null)
{
    private const int MaxRateLimitWaits = 100;
    /// <summary>The most chats remembered as unavailable (blocked or removed); one that drops out is learned again from its next 403.</summary>
    public const int MaxUnavailableChats = 100_000;

    private readonly BoundedCache<long, bool> _unavailable = new(MaxUnavailableChats, TimeSpan.FromDays(7), time);
    private readonly TelegramOptions _options = options.Value;
    private readonly ResiliencePipeline _retry = RetryPipeline(options.Value, time, random, logger);

    public bool IsUnavailable(long chatId) => _unavailable.ContainsKey(chatId);

    /// <summary>The bot was added back to a chat (my_chat_member): it may send there again.</summary>
    public void MarkAvailable(long chatId) => _unavailable.Remove(chatId);

    public void MarkUnavailable(long chatId) => _unavailable.Set(chatId, true);

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = BotTelemetry.StartSend("telegram");
        var chatId = message.ChatId;
        var html = true;
        var rateLimited = 0;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, status.UnauthorizedToken);
        var token = linked.Token;

        while (true)
        {
            if (IsUnavailable(chatId))
            {
                return new SendResult(SendStatus.ChatUnavailable, 0, chatId);
            }

            if (status.UnauthorizedToken.IsCancellationRequested)
            {
                return new SendResult(SendStatus.Unauthorized, 0, chatId);
            }

            try
            {
                var attempt = new Attempt(chatId, html);
                var sent = await _retry.ExecuteAsync(static (state, ct) => state.Self.SendOnceAsync(state.Message, state.Attempt, ct), (Self: this, Message: message, Attempt: attempt), token);
                return new SendResult(SendStatus.Sent, sent.MessageId, chatId);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1));
                pacer.Hold(chatId, wait);
                if (++rateLimited > MaxRateLimitWaits)
                {
                    logger.LogError("Telegram kept answering 429 for chat {ChatId}; giving up on one message after {Waits} waits", chatId, rateLimited);
                    return new SendResult(SendStatus.Failed, 0, chatId);
                }

                logger.LogInformation("Telegram asked to slow down in chat {ChatId}: waiting {RetryAfterSeconds} s", chatId, wait.TotalSeconds);
            }
            catch (ApiRequestException e) when (e.Parameters?.MigrateToChatId is { } newChatId)
            {
                await migrator.MigrateAsync(chatId, newChatId, token);
                chatId = newChatId;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 400 && html && IsFormattingError(e))
            {
                logger.LogWarning("Telegram rejected the HTML of a message to chat {ChatId} ({Description}); sending it as plain text", chatId, e.Message);
                html = false;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 403)
            {
                MarkUnavailable(chatId);
                logger.LogWarning("Telegram refused a message to chat {ChatId} (403: {Description}); the bot was blocked or removed, so it stops sending there", chatId, e.Message);
                return new SendResult(SendStatus.ChatUnavailable, 0, chatId);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 401)
            {
                TelegramService.ReportUnauthorized(status, logger);
                return new SendResult(SendStatus.Unauthorized, 0, chatId);
            }
            catch (ApiRequestException e) when (e.ErrorCode >= 500 || e.ErrorCode == 408)
            {
                return GiveUp(chatId, e);
            }
            catch (ApiRequestException e)
            {
                logger.LogWarning(e, "Telegram rejected a message to chat {ChatId} ({ErrorCode}: {Description})", chatId, e.ErrorCode, e.Message);
                return new SendResult(SendStatus.Failed, 0, chatId);
            }
            catch (RequestException e) when (e.HttpStatusCode == HttpStatusCode.Unauthorized)
            {
                TelegramService.ReportUnauthorized(status, logger);
                return new SendResult(SendStatus.Unauthorized, 0, chatId);
            }
            catch (Exception e) when (IsTransient(e, token))
            {
                return GiveUp(chatId, e);
            }
        }
    }

    /// <summary>Network failures, timeouts that are not our cancellation, and library request errors.</summary>
    internal static bool IsTransient(Exception e, CancellationToken token) => e switch
    {
        OperationCanceledException => !token.IsCancellationRequested,
        HttpRequestException or RequestException or IOException => true,
        _ => false,
    };

    /// <summary>The wait before retry <paramref name="attempt"/> of a loop (<see cref="Backoff"/>, on the retry keys).</summary>
    internal static TimeSpan BackOffDelay(int attempt, TelegramOptions options, Random random) => Backoff.Delay(
        attempt, TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds), TimeSpan.FromMilliseconds(options.RetryMaxDelayMilliseconds), random);

    /// <summary>5xx, 408 and network failures: retried with backoff; 429 and other answers are the loop's business.</summary>
    internal static bool IsRetriable(Exception e, CancellationToken token) => e switch
    {
        ApiRequestException api => api.ErrorCode >= 500 || api.ErrorCode == 408,
        RequestException { HttpStatusCode: HttpStatusCode.Unauthorized } => false,
        _ => IsTransient(e, token),
    };

    private static ResiliencePipeline RetryPipeline(TelegramOptions options, TimeProvider time, Random random, ILogger logger)
    {
        if (options.MaxSendAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxSendAttempts - 1,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromMilliseconds(options.RetryMaxDelayMilliseconds),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Randomizer = random.NextDouble,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsRetriable(e, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    logger.LogWarning("Sending to Telegram failed ({Error}); retry {Attempt} in {DelayMs} ms", args.Outcome.Exception?.Message, args.AttemptNumber + 1, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>One attempt: wait for the chat's turn, then send.</summary>
    private async ValueTask<Message> SendOnceAsync(OutgoingMessage message, Attempt attempt, CancellationToken token)
    {
        await pacer.WaitTurnAsync(attempt.ChatId, message.IsGroup, token);
        try
        {
            return await client.SendMessage(
                attempt.ChatId,
                attempt.Html ? message.Text.Html : message.Text.Plain,
                parseMode: attempt.Html ? ParseMode.Html : ParseMode.None,
                replyParameters: message.ReplyToMessageId is { } replyTo
                    ? new ReplyParameters { MessageId = replyTo, AllowSendingWithoutReply = true }
                    : null,
                replyMarkup: message.Buttons,
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                messageThreadId: message.ThreadId,
                cancellationToken: token);
        }
        catch (ApiRequestException e) when (CountError(e))
        {
            // Not reached: the filter only counts the error (by method and status) for the metrics.
            throw;
        }
    }

    private SendResult GiveUp(long chatId, Exception e)
    {
        logger.LogError(e, "Sending to Telegram chat {ChatId} failed {Attempts} times; giving up on this message", chatId, _options.MaxSendAttempts);
        return new SendResult(SendStatus.Failed, 0, chatId);
    }

    private bool CountError(ApiRequestException e)
    {
        metrics?.PlatformApiError("telegram", "sendMessage", e.ErrorCode);
        return false;
    }

    private static bool IsFormattingError(ApiRequestException e) =>
        e.Message.Contains("parse entities", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("can't find end", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("unsupported start tag", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Where and how one send attempt goes: the chat (it moves when a group migrates) and the parse mode.</summary>
internal readonly record struct Attempt(long ChatId, bool Html);
