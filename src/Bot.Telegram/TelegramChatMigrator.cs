using System.Globalization;
using Bot.Core.Stores;
using Microsoft.Extensions.Logging;

namespace Bot.Telegram;

/// <summary>A group that became a supergroup keeps its settings and its remembered answers under the new id.</summary>
internal sealed class TelegramChatMigrator(
    IAnswerStore answers,
    IChannelSettingsStore settings,
    ILogger<TelegramChatMigrator> logger)
{
    public async Task MigrateAsync(long oldChatId, long newChatId, CancellationToken cancellationToken)
    {
        if (oldChatId == newChatId)
        {
            return;
        }

        var from = oldChatId.ToString(CultureInfo.InvariantCulture);
        var to = newChatId.ToString(CultureInfo.InvariantCulture);
        await answers.MoveChatAsync(TelegramConstants.Platform, from, to, cancellationToken);
        await settings.MoveChatAsync(TelegramConstants.Platform, from, to, cancellationToken);
        logger.LogInformation("Telegram group {OldChatId} became supergroup {NewChatId}; its settings and answers moved", oldChatId, newChatId);
    }
}

internal static class TelegramConstants
{
    public const string Platform = "telegram";

    /// <summary>The named <see cref="System.Net.Http.HttpClient"/> the Bot API client uses (its request logging is removed).</summary>
    public const string HttpClientName = "Bot.Telegram";
}
