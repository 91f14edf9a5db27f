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
/// Then it sets the command menu, starts handling the inbox (what an earlier run left unfinished first) and either
/// long-polls <c>getUpdates</c> itself (the offset is stored and advanced once a batch is recorded in the inbox, not
/// when it is answered: polling goes on while answers are written) or, in webhook mode, registers the webhook.
/// On stop it lets the queued answers finish until the host's shutdown timeout; what is left stays in the inbox.
/// </summary>
internal sealed class TelegramService(
    IServiceProvider services,
    TelegramStatus status,
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
        var processing = Task.CompletedTask;
        try
        {
            await EnsureIdentityAsync(stopping.Token);
            await SetCommandsAsync(stopping.Token);
            processing = await _dispatcher.StartAsync(stopping.Token, handling.Token);
            if (_options.Mode == TelegramMode.Webhook)
            {
                await _client.SetWebhook(_options.WebhookUrl!, allowedUpdates: AllowedUpdates, secretToken: _options.WebhookSecret, cancellationToken: stopping.Token);
                logger.LogInformation("Telegram webhook registered; updates arrive at POST {Route}", TelegramWebhookEndpoint.Route);
                await Task.Delay(Timeout.InfiniteTimeSpan, time, stopping.Token);
            }
            else
            {
                await _client.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stopping.Token);
                await PollAsync(stopping.Token);
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
            // The queued answers finish (until the host's shutdown timeout) before the service counts as stopped.
            await stopping.CancelAsync();
            await processing;
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

    private async Task PollAsync(CancellationToken stopping)
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

            // Recorded first, confirmed after: a crash here means Telegram delivers the batch again, and the inbox
            // knows the updates it already has. The answers are written meanwhile; polling does not wait for them.
            try
            {
                foreach (var update in updates.OrderBy(u => u.Id))
                {
                    await _dispatcher.AcceptAsync(update, stopping);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database failed: the offset stays, so Telegram keeps the batch until it can be recorded.
                await DelayAfterFailureAsync(++failures, e, "recording updates in the inbox", stopping);
                continue;
            }

            offset = updates.Max(u => u.Id) + 1;
            await processed.SetCursorAsync(cursorKey, offset.ToString(CultureInfo.InvariantCulture), stopping);
        }
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
