namespace Bot.Core.Dashboard;

/// <summary>
/// Who a dashboard sign-in belongs to: the user's platform-tagged id (<c>telegram:123</c>), the <c>discord-role:</c>
/// tag that made them a moderator when only a role did (their view is then limited to <see cref="GuildId"/>), and the
/// language of the chat they asked from.
/// </summary>
public sealed record DashboardIdentity(string UserTag, string? RoleTag, string? GuildId, string Language)
{
    /// <summary>True when the sign-in sees one guild only (a moderator through a Discord role).</summary>
    public bool Scoped => RoleTag is not null;
}

/// <summary>A single-use sign-in link as stored: only the SHA-256 hash of its token, never the token.</summary>
public sealed record DashboardLinkRecord(string TokenHash, DashboardIdentity Identity, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>A Data Protection key (ASP.NET Core's XML form), kept in storage so cookies survive restarts and instances.</summary>
public sealed record DashboardKey(string Name, string Xml);

/// <summary>
/// What the moderators' dashboard writes: its sign-in links (redeemed once, atomically, also across instances), the
/// keys that protect its cookies, and the "handled" marks on knowledge-gap groups.
/// </summary>
public interface IDashboardStore
{
    ValueTask SaveLinkAsync(DashboardLinkRecord link, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uses up the link whose token hashes to <paramref name="tokenHash"/>: returns its identity the first time it is
    /// called before the link expires, and null ever after (or when no such link exists).
    /// </summary>
    ValueTask<DashboardIdentity?> RedeemLinkAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes links that expired before <paramref name="before"/>; returns how many.</summary>
    ValueTask<int> PruneLinksAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<DashboardKey>> ListKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a key; a key of the same name is kept as it was (keys never change once written).</summary>
    ValueTask SaveKeyAsync(DashboardKey key, CancellationToken cancellationToken = default);

    /// <summary>Marks a gap group (by its key, see <c>GapGroups.Key</c>) as handled by a moderator.</summary>
    ValueTask MarkGapHandledAsync(string groupKey, string handledBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The keys of gap groups marked handled at or after <paramref name="since"/>.</summary>
    ValueTask<IReadOnlySet<string>> HandledGapsAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}
