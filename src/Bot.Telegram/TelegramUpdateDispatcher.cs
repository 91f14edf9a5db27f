using System.Globalization;
using Bot.Core.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// Hands a batch of updates to the handler: different chats at the same time, one chat's updates strictly in order,
/// each update id handled once (the core's dedupe store) even when Telegram delivers it again.
/// A fault in one update is logged and never stops the others.
/// </summary>
internal sealed class TelegramUpdateDispatcher(
    TelegramUpdateHandler handler,
    IProcessedUpdateStore processed,
    TelegramStatus status,
    IOptions<TelegramOptions> options,
    ILogger<TelegramUpdateDispatcher> logger)
{
    public async Task DispatchAsync(IReadOnlyList<Update> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var perChat = updates.OrderBy(u => u.Id).GroupBy(TelegramUpdateMapper.ChatOf).ToList();
        await Parallel.ForEachAsync(
            perChat,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentChats, CancellationToken = cancellationToken },
            async (chat, token) =>
            {
                foreach (var update in chat)
                {
                    await HandleOneAsync(update, token);
                }
            });
    }

    private async Task HandleOneAsync(Update update, CancellationToken cancellationToken)
    {
        // Update ids are counted per bot: the key names the bot, so a database shared by two bots never mixes them.
        var key = string.Create(CultureInfo.InvariantCulture, $"{status.Me?.Id}:{update.Id}");
        if (!await processed.TryMarkAsync(TelegramConstants.Platform, key, cancellationToken))
        {
            logger.LogDebug("Telegram update {UpdateId} was already handled; skipped", update.Id);
            return;
        }

        try
        {
            await handler.HandleAsync(update, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Handling Telegram update {UpdateId} failed", update.Id);
        }
    }
}
