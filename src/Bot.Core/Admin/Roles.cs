using Bot.Core.Dashboard;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.Options;

namespace Bot.Core.Admin;

/// <summary>
/// Who may do what: owners (<c>Bot:OwnerIds</c>), moderators (<c>Bot:ModeratorIds</c> and those added in chat) and
/// chat admins (as the adapter reports them in <see cref="IncomingMessage.SenderIsChatAdmin"/>).
/// </summary>
public sealed class Roles(IOptions<BotOptions> options, IModeratorStore moderators)
{
    /// <summary>The platform-tagged id of a message's author, e.g. <c>telegram:123</c>.</summary>
    public static string UserTag(IncomingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Platform + ":" + message.UserId;
    }

    /// <summary>The moderators named in <c>Bot:ModeratorIds</c>.</summary>
    public IReadOnlyList<string> ConfiguredModerators => [.. options.Value.ModeratorIds];

    public bool IsOwner(IncomingMessage message) =>
        options.Value.OwnerIds.Contains(UserTag(message), StringComparer.Ordinal);

    /// <summary>Owners count as moderators; so do members holding a configured or added <c>discord-role:</c>.</summary>
    public async ValueTask<bool> IsModeratorAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsOwner(message))
        {
            return true;
        }

        var tags = Tags(message);
        if (options.Value.ModeratorIds.Any(tags.Contains))
        {
            return true;
        }

        var stored = await moderators.ListAsync(cancellationToken);
        return stored.Any(m => tags.Contains(m.Tag));
    }

    /// <summary>
    /// Who may open the moderators' dashboard from this message: owners and moderators by their own id see every
    /// community; a moderator only through a <c>discord-role:</c> sees the guild the message came from. Null for
    /// everyone else (chat admins included).
    /// </summary>
    public async ValueTask<DashboardIdentity?> DashboardGrantAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var user = UserTag(message);
        if (await IsModeratorTagAsync(user, cancellationToken))
        {
            return new DashboardIdentity(user, null, null, "en");
        }

        if (message.GuildId is null)
        {
            return null;
        }

        foreach (var tag in Tags(message).Where(t => t.StartsWith(ModeratorTag.DiscordRole + ":", StringComparison.Ordinal)))
        {
            if (await IsModeratorTagAsync(tag, cancellationToken))
            {
                return new DashboardIdentity(user, tag, message.GuildId, "en");
            }
        }

        return null;
    }

    /// <summary>
    /// Checks a dashboard sign-in against the current owners and moderators (called on every dashboard request, so a
    /// removed moderator loses access at once).
    /// </summary>
    public async ValueTask<bool> StillAllowedAsync(DashboardIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return identity.RoleTag is null
            ? await IsModeratorTagAsync(identity.UserTag, cancellationToken)
            : identity.GuildId is not null && await IsModeratorTagAsync(identity.RoleTag, cancellationToken);
    }

    /// <summary>An owner, a configured moderator or a moderator added in chat, by one tag.</summary>
    private async ValueTask<bool> IsModeratorTagAsync(string tag, CancellationToken cancellationToken)
    {
        if (options.Value.OwnerIds.Contains(tag, StringComparer.Ordinal) || options.Value.ModeratorIds.Contains(tag, StringComparer.Ordinal))
        {
            return true;
        }

        var stored = await moderators.ListAsync(cancellationToken);
        return stored.Any(m => m.Tag == tag);
    }

    public static bool IsChatAdmin(IncomingMessage message) =>
        message is { SenderIsChatAdmin: true } && (message.Flags & MessageFlags.Private) == 0;

    private static HashSet<string> Tags(IncomingMessage message)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal) { UserTag(message) };
        if (message.Platform == ModeratorTag.Discord && message.SenderRoleIds is { } roles)
        {
            foreach (var role in roles)
            {
                tags.Add(ModeratorTag.DiscordRole + ":" + role);
            }
        }

        return tags;
    }
}
