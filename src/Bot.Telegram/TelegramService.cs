using System.Globalization;
using Bot.Core.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// The Telegram adapter's one background loop. At start it checks the token with <c>getMe</c> (a 401 stops the host).
/// Then it sets the command menu and either long-polls <c>getUpdates</c> itself (the offset is stored and advanced only
/// after a batch was handled) or, in webhook mode, registers the webhook and drains the handler's queue.
/// On stop it lets the answers in flight finish until the host's shutdown timeout, then abandons them.
/// </summary>
internal sealed class TelegramService(
    IServiceProvider services,
    TelegramStatus status,
    TelegramWebhookQueue webhookQueue,
    IProcessedUpdateStore processed,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    Random random,
    ILogger<TelegramService> logger) : BackgroundService
{
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember];
    private readonly CancellationTokenSource _abandon = new();
    private readonly TelegramOptions _options = options.Value;

    // Resolved only when Telegram is on: with no token there is no client to build.
    private ITelegramBotClient _client = null!;
    private TelegramUpdateDispatcher _dispatcher = null!;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            logger.LogInformation("Telegram is off: Telegram:Token is empty");
            return;
        }

        _client = services.GetRequiredService<ITelegramBotClient>();
        _dispatcher = services.GetRequiredService<TelegramUpdateDispatcher>();
        status.MarkStarting();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds));
        try
        {
            status.MarkRunning(await _client.GetMe(timeout.Token));
            logger.LogInformation("Telegram bot @{Username} ({BotId}) starts in {Mode} mode", status.Me!.Username, status.Me.Id, _options.Mode);
        }
        catch (Exception e) when (IsUnauthorized(e))
        {
            status.MarkUnauthorized();
            const string message = "Telegram rejected Telegram:Token (401 Unauthorized) at start. Check the token BotFather gave you; the bot does not start.";
            logger.LogCritical(message);

            // A configuration error like any other: the host reports it by key and exits non-zero.
            throw new OptionsValidationException("Telegram:Token", typeof(TelegramOptions), [message]);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Telegram getMe failed at start ({Error}); retrying in the background", e.Message);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        webhookQueue.Close();
        await using (cancellationToken.Register(_abandon.Cancel))
        {
            await base.StopAsync(cancellationToken);
        }

        status.MarkStopped();
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    internal static void ReportUnauthorized(TelegramStatus status, ILogger logger)
    {
        if (status.State != TelegramState.Unauthorized)
        {
            logger.LogCritical("Telegram rejected Telegram:Token (401 Unauthorized) while running: the Telegram adapter stops and reports not ready. Set a valid token and restart.");
        }

        status.MarkUnauthorized();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, status.UnauthorizedToken);
        using var handling = CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token, status.UnauthorizedToken);
        try
        {
            await EnsureIdentityAsync(stopping.Token);
            await SetCommandsAsync(stopping.Token);
            if (_options.Mode == TelegramMode.Webhook)
            {
                await _client.SetWebhook(_options.WebhookUrl!, allowedUpdates: AllowedUpdates, secretToken: _options.WebhookSecret, cancellationToken: stopping.Token);
                logger.LogInformation("Telegram webhook registered; updates arrive at POST {Route}", TelegramWebhookEndpoint.Route);
                await DrainWebhookAsync(stopping.Token, handling.Token);
            }
            else
            {
                await _client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stopping.Token);
                await PollAsync(stopping.Token, handling.Token);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || handling.IsCancellationRequested)
        {
            // Stopping, or stopped by a 401.
        }
        catch (Exception e) when (IsUnauthorized(e))
        {
            ReportUnauthorized(status, logger);
        }
        finally
        {
            webhookQueue.Close();
            if (status.State == TelegramState.Unauthorized)
            {
                logger.LogCritical("The Telegram adapter has stopped: Telegram:Token was rejected");
            }
        }
    }

    private async Task EnsureIdentityAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; status.Me is null; attempt++)
        {
            try
            {
                status.MarkRunning(await _client.GetMe(cancellationToken));
                logger.LogInformation("Telegram bot @{Username} ({BotId}) is running", status.Me!.Username, status.Me.Id);
            }
            catch (Exception e) when (!IsUnauthorized(e) && (e is ApiRequestException || TelegramSender.IsTransient(e, cancellationToken)))
            {
                await DelayAfterFailureAsync(attempt, e, "getMe", cancellationToken);
            }
        }
    }

    private async Task PollAsync(CancellationToken stopping, CancellationToken handling)
    {
        // The offset belongs to one bot: keyed by its id, a new token for another bot starts afresh.
        var cursorKey = string.Create(CultureInfo.InvariantCulture, $"{TelegramConstants.Platform}:{status.Me!.Id}");
        var offset = int.TryParse(await processed.GetCursorAsync(cursorKey, stopping), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stored) ? stored : 0;
        var failures = 0;
        logger.LogInformation("Telegram polling starts at offset {Offset}", offset);
        while (!stopping.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await _client.GetUpdates(offset == 0 ? null : offset, 100, _options.PollTimeoutSeconds, AllowedUpdates, stopping);
                failures = 0;
            }
            catch (Exception e) when (IsUnauthorized(e))
            {
                ReportUnauthorized(status, logger);
                return;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 409)
            {
                logger.LogError(
                    "Telegram answered 409 Conflict to getUpdates ({Description}): either a webhook is set for this bot (another deployment in webhook mode, or run with Telegram:Mode=Webhook) or a second copy of the bot is polling with the same token. Only one poller may run; retrying.",
                    e.Message);
                await DelayAfterFailureAsync(++failures, e, "getUpdates", stopping);
                continue;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1)), time, stopping);
                continue;
            }
            catch (Exception e) when (e is ApiRequestException || TelegramSender.IsTransient(e, stopping))
            {
                await DelayAfterFailureAsync(++failures, e, "getUpdates", stopping);
                continue;
            }

            if (updates.Length == 0)
            {
                continue;
            }

            // Handled first, confirmed after: a crash here means Telegram delivers the batch again, and the
            // dedupe store keeps the updates already handled from being answered twice.
            await _dispatcher.DispatchAsync(updates, handling);
            offset = updates.Max(u => u.Id) + 1;
            await processed.SetCursorAsync(cursorKey, offset.ToString(CultureInfo.InvariantCulture), handling);
        }
    }

    private async Task DrainWebhookAsync(CancellationToken stopping, CancellationToken handling)
    {
        var reader = webhookQueue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stopping))
            {
                await _dispatcher.DispatchAsync(TakeBatch(reader), handling);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !handling.IsCancellationRequested)
        {
            // Telegram was told these updates arrived: handle what is queued before stopping.
            webhookQueue.Close();
            for (var batch = TakeBatch(reader); batch.Count > 0; batch = TakeBatch(reader))
            {
                await _dispatcher.DispatchAsync(batch, handling);
            }
        }
    }

    private static List<Update> TakeBatch(System.Threading.Channels.ChannelReader<Update> reader)
    {
        var batch = new List<Update>();
        while (batch.Count < 100 && reader.TryRead(out var update))
        {
            batch.Add(update);
        }

        return batch;
    }

    private async Task SetCommandsAsync(CancellationToken cancellationToken)
    {
        if (!_options.SetCommands)
        {
            return;
        }

        foreach (var (scope, language, commands) in TelegramCommandMenu.All)
        {
            try
            {
                await _client.SetMyCommands(commands, scope, language, cancellationToken);
            }
            catch (Exception e) when (!IsUnauthorized(e) && (e is ApiRequestException || TelegramSender.IsTransient(e, cancellationToken)))
            {
                logger.LogWarning("Setting the Telegram command menu failed ({Error}); the bot works without it", e.Message);
                return;
            }
        }
    }

    private async Task DelayAfterFailureAsync(int attempt, Exception e, string method, CancellationToken cancellationToken)
    {
        var delay = TelegramSender.BackOffDelay(attempt, _options, random);
        logger.LogWarning("Telegram {Method} failed ({Error}); retrying in {DelayMs} ms", method, e.Message, (int)delay.TotalMilliseconds);
        await Task.Delay(delay, time, cancellationToken);
    }

    private static bool IsUnauthorized(Exception e) =>
        e is ApiRequestException { ErrorCode: 401 } || e is RequestException { HttpStatusCode: System.Net.HttpStatusCode.Unauthorized };
}
