using Bot.Core.Limits;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Whether a user administers a group: <c>getChatMember</c> status creator or administrator, cached for a minute
/// (so a burst of admin commands costs one call, and a demoted admin loses the right within a minute). At most
/// <see cref="MaxCached"/> answers are kept; the least recently used goes first.
/// </summary>
internal sealed class TelegramAdminCheck(ITelegramBotClient client, TimeProvider time, ILogger<TelegramAdminCheck> logger)
{
    internal static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(60);
    internal const int MaxCached = 10_000;
    private readonly BoundedCache<(long Chat, long User), bool> _cache = new(MaxCached, CacheTime, time);

    /// <summary>How many answers are cached now (for tests of the bound).</summary>
    internal int CachedCount => _cache.Count;

    /// <summary>True or false from Telegram (or the cache); null when Telegram could not be asked.</summary>
    public async Task<bool?> IsAdminAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((chatId, userId), out var cached))
        {
            return cached;
        }

        try
        {
            var member = await client.GetChatMember(chatId, userId, cancellationToken);
            var admin = member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
            _cache.Set((chatId, userId), admin);
            return admin;
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            logger.LogWarning("Checking whether user {UserId} administers Telegram chat {ChatId} failed: {Error}", userId, chatId, e.Message);
            return null;
        }
    }
}
