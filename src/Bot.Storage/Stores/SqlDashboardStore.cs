using Bot.Core.Dashboard;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>The dashboard's sign-in links, cookie keys and handled gap groups, shared by every instance.</summary>
internal sealed class SqlDashboardStore(StorageDatabase database, TimeProvider time) : IDashboardStore
{
    public async ValueTask SaveLinkAsync(DashboardLinkRecord link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.Command("""
            INSERT INTO dashboard_links (token_hash, user_tag, role_tag, guild_id, language, created_ticks, expires_ticks)
            VALUES (@hash, @user, @role, @guild, @language, @created, @expires)
            """)
            .With("@hash", link.TokenHash).With("@user", link.Identity.UserTag).With("@role", link.Identity.RoleTag)
            .With("@guild", link.Identity.GuildId).With("@language", link.Identity.Language)
            .With("@created", link.CreatedAt).With("@expires", link.ExpiresAt);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<DashboardIdentity?> RedeemLinkAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // One statement deletes and returns the row: of two concurrent redeemers (or instances) only one gets it.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.Command("""
            DELETE FROM dashboard_links WHERE token_hash = @hash
            RETURNING user_tag, role_tag, guild_id, language, expires_ticks
            """).With("@hash", tokenHash);
        await using var reader = await delete.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || Sql.ToTime(reader.GetInt64(4)) <= now)
        {
            return null;
        }

        return new DashboardIdentity(reader.GetString(0), reader.NullableString(1), reader.NullableString(2), reader.GetString(3));
    }

    public async ValueTask<int> PruneLinksAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.Command("DELETE FROM dashboard_links WHERE expires_ticks < @before").With("@before", before);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<DashboardKey>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT name, xml FROM dashboard_keys ORDER BY created_ticks, name");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var keys = new List<DashboardKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new DashboardKey(reader.GetString(0), reader.GetString(1)));
        }

        return keys;
    }

    public async ValueTask SaveKeyAsync(DashboardKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.Command("""
            INSERT INTO dashboard_keys (name, xml, created_ticks) VALUES (@name, @xml, @at)
            ON CONFLICT (name) DO NOTHING
            """).With("@name", key.Name).With("@xml", key.Xml).With("@at", time.GetUtcNow());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask MarkGapHandledAsync(string groupKey, string handledBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.Command("""
            INSERT INTO gap_marks (group_key, handled_by, handled_ticks) VALUES (@key, @by, @at)
            ON CONFLICT (group_key) DO UPDATE SET handled_by = excluded.handled_by, handled_ticks = excluded.handled_ticks
            """).With("@key", groupKey).With("@by", handledBy).With("@at", at);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlySet<string>> HandledGapsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT group_key FROM gap_marks WHERE handled_ticks >= @since").With("@since", since);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
