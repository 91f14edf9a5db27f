using Bot.Core.Limits;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.Options;

namespace Bot.Core.Engine;

/// <summary>What the channel rules say about one message.</summary>
public enum PolicyVerdict
{
    /// <summary>Go on: answer it (or run the command).</summary>
    Handle,

    /// <summary>Say nothing.</summary>
    Ignore,

    /// <summary>The place is not on the allow-list: say so (once), then ignore it from now on.</summary>
    NotAllowedHere,

    /// <summary>The channel is disabled and the message was an explicit command: a short notice only the asker sees.</summary>
    DisabledNotice,
}

/// <summary>
/// The channel rules: allow-lists (<c>Bot:AllowedGuilds</c>, <c>Bot:AllowedChats</c>), private chats
/// (<c>Bot:AllowPrivateChats</c>), the stored channel settings with <c>Bot:DefaultChannelMode</c> as default,
/// and what each mode answers.
/// </summary>
public sealed class ChannelPolicy(IOptions<BotOptions> options, IChannelSettingsStore store, TimeProvider time)
{
    /// <summary>The most places remembered as told "not allowed here"; each is told again after <see cref="ToldFor"/>.</summary>
    public const int MaxTold = 10_000;

    public static readonly TimeSpan ToldFor = TimeSpan.FromDays(1);

    private readonly BoundedCache<string, byte> _toldNotAllowed = new(MaxTold, ToldFor, time, StringComparer.Ordinal);

    /// <summary>The settings of a chat: stored ones, or the defaults.</summary>
    public async ValueTask<ChannelSettings> GetAsync(string platform, string chatId, CancellationToken cancellationToken) =>
        await store.GetAsync(platform, chatId, cancellationToken) ??
        new ChannelSettings(platform, chatId, Enabled: true, options.Value.DefaultChannelMode, Language: null, CooldownSeconds: 0, UpdatedBy: null, UpdatedAt: null);

    /// <summary>
    /// The settings that apply to a message: in a Discord thread, the thread's own stored settings, falling back to
    /// its parent channel's (<see cref="IncomingMessage.ChatId"/>), then the defaults. One rule for every message in
    /// a thread, addressed to the bot or not, and for <c>/channel</c>: it shows these and stores a change under
    /// <see cref="SettingsChatId"/>, so a change made in a thread applies to that thread only.
    /// </summary>
    public async ValueTask<ChannelSettings> GetAsync(IncomingMessage message, CancellationToken cancellationToken) =>
        (await GetWithOriginAsync(message, cancellationToken)).Settings;

    /// <summary>As <see cref="GetAsync(IncomingMessage, CancellationToken)"/>, and whether a thread has settings of its own.</summary>
    public async ValueTask<(ChannelSettings Settings, bool ThreadsOwn)> GetWithOriginAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = SettingsChatId(message);
        if (key != message.ChatId && await store.GetAsync(message.Platform, key, cancellationToken) is { } own)
        {
            return (own, true);
        }

        return (await GetAsync(message.Platform, message.ChatId, cancellationToken), false);
    }

    /// <summary>Where the settings of the place a message was written in are stored: a Discord thread's id, else the chat's.</summary>
    public static string SettingsChatId(IncomingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message is { Platform: ModeratorTag.Discord, ThreadId: { } thread } ? thread : message.ChatId;
    }

    /// <summary>True for a message written in a Discord thread (whose settings may differ from its parent channel's).</summary>
    public static bool InThread(IncomingMessage message) => SettingsChatId(message) != message.ChatId;

    /// <summary>Whether the place is allowed at all (the allow-lists apply to groups, not to private chats).</summary>
    public bool IsAllowedPlace(IncomingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if ((message.Flags & MessageFlags.Private) != 0)
        {
            return true;
        }

        var o = options.Value;
        return message.Platform switch
        {
            ModeratorTag.Discord => o.AllowedGuilds.Count == 0 || (message.GuildId is { } g && o.AllowedGuilds.Contains(g, StringComparer.Ordinal)),
            ModeratorTag.Telegram => o.AllowedChats.Count == 0 || o.AllowedChats.Contains(message.ChatId, StringComparer.Ordinal),
            _ => true,
        };
    }

    /// <summary>Decides whether a message is for the bot here.</summary>
    /// <param name="message">The message.</param>
    /// <param name="settings">The chat's settings (ignored for private chats).</param>
    /// <param name="isAdminCommand">An admin or moderator command: runs in disabled channels too, so they can be re-enabled.</param>
    public PolicyVerdict Decide(IncomingMessage message, ChannelSettings settings, bool isAdminCommand)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(settings);
        var isPrivate = (message.Flags & MessageFlags.Private) != 0;
        if (isPrivate)
        {
            return options.Value.AllowPrivateChats || isAdminCommand ? PolicyVerdict.Handle : PolicyVerdict.Ignore;
        }

        if (!IsAllowedPlace(message))
        {
            var addressed = message.Command is not null || (message.Flags & MessageFlags.Mentioned) != 0;
            return addressed && _toldNotAllowed.TryAdd(message.Platform + "|" + message.ChatId, 0)
                ? PolicyVerdict.NotAllowedHere
                : PolicyVerdict.Ignore;
        }

        if (isAdminCommand)
        {
            return PolicyVerdict.Handle;
        }

        if (!settings.Enabled)
        {
            return message.Command is not null ? PolicyVerdict.DisabledNotice : PolicyVerdict.Ignore;
        }

        if (message.Command is not null)
        {
            return PolicyVerdict.Handle;
        }

        var mentioned = (message.Flags & (MessageFlags.Mentioned | MessageFlags.ReplyToBot)) != 0;
        return settings.Mode switch
        {
            ChannelMode.Commands => PolicyVerdict.Ignore,
            ChannelMode.Mentions => mentioned ? PolicyVerdict.Handle : PolicyVerdict.Ignore,
            ChannelMode.All => mentioned || QuestionDetector.LooksLikeQuestion(message.Text) ? PolicyVerdict.Handle : PolicyVerdict.Ignore,
            _ => PolicyVerdict.Ignore,
        };
    }
}
