using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Whether a user administers a group: <c>getChatMember</c> status creator or administrator, cached for a minute
/// (so a burst of admin commands costs one call, and a demoted admin loses the right within a minute).
/// </summary>
internal sealed class TelegramAdminCheck(ITelegramBotClient client, TimeProvider time, ILogger<TelegramAdminCheck> logger)
{
    internal static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(60);
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<(long Chat, long User), (bool Admin, DateTimeOffset At)> _cache = new();

    /// <summary>True or false from Telegram (or the cache); null when Telegram could not be asked.</summary>
    public async Task<bool?> IsAdminAsync(long chatId, long userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((chatId, userId), out var cached) && now - cached.At < CacheTime)
        {
            return cached.Admin;
        }

        try
        {
            var member = await client.GetChatMember(chatId, userId, cancellationToken);
            var admin = member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
            if (_cache.Count >= MaxCached)
            {
                _cache.Clear();
            }

            _cache[(chatId, userId)] = (admin, now);
            return admin;
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
        {
            logger.LogWarning("Checking whether user {UserId} administers Telegram chat {ChatId} failed: {Error}", userId, chatId, e.Message);
            return null;
        }
    }
}
