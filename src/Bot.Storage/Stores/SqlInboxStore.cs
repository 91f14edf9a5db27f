using Bot.Core.Inbox;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>
/// The inbox in the database. Claims are one statement: PostgreSQL skips rows another instance is claiming at the
/// same moment (<c>FOR UPDATE SKIP LOCKED</c>), SQLite serialises writers. A done item's payload is cleared, and done
/// rows older than <see cref="InboxOptions.DoneKeptFor"/> are deleted every <see cref="StorageLimits.TrimEvery"/> completions.
/// </summary>
internal sealed class SqlInboxStore(StorageDatabase database, StorageLimits limits) : IInboxStore
{
    private long _completed;

    public ValueTask<bool> AddAsync(InboxItem item, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => AddOnceAsync(item, owner, leaseUntil, token), cancellationToken);

    private async ValueTask<bool> AddOnceAsync(InboxItem item, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.Command("""
            INSERT INTO inbox (platform, item_id, chat_key, payload, received_ticks, lease_owner, lease_until_ticks)
            VALUES (@platform, @id, @chat, @payload, @received, @owner, @until)
            ON CONFLICT (platform, item_id) DO NOTHING
            """)
            .With("@platform", item.Platform).With("@id", item.Id).With("@chat", item.ChatKey).With("@payload", item.Payload)
            .With("@received", item.ReceivedAt).With("@owner", owner).With("@until", leaseUntil);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public ValueTask<IReadOnlyList<InboxItem>> ClaimAsync(string platform, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => ClaimOnceAsync(platform, owner, now, leaseUntil, max, token), cancellationToken);

    private async ValueTask<IReadOnlyList<InboxItem>> ClaimOnceAsync(string platform, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var skipLocked = database.Provider == StorageProvider.Postgres ? "FOR UPDATE SKIP LOCKED" : string.Empty;

        // Free or expired, not this owner's, and no older open item of its chat is held by another live owner.
        await using var claim = connection.Command($"""
            UPDATE inbox SET lease_owner = @owner, lease_until_ticks = @until
            WHERE seq IN (
                SELECT i.seq FROM inbox i
                WHERE i.platform = @platform AND i.done_ticks IS NULL
                  AND (i.lease_owner IS NULL OR (i.lease_owner <> @owner AND i.lease_until_ticks < @now))
                  AND NOT EXISTS (
                      SELECT 1 FROM inbox o
                      WHERE o.platform = i.platform AND o.chat_key = i.chat_key AND o.done_ticks IS NULL AND o.seq < i.seq
                        AND o.lease_owner IS NOT NULL AND o.lease_owner <> @owner AND o.lease_until_ticks >= @now)
                ORDER BY i.seq
                LIMIT @max
                {skipLocked})
            RETURNING seq, platform, item_id, chat_key, payload, received_ticks
            """)
            .With("@owner", owner).With("@until", leaseUntil).With("@platform", platform).With("@now", now).With("@max", (long)max);
        var claimed = new List<(long Seq, InboxItem Item)>();
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetInt64(0), new InboxItem(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), Sql.ToTime(reader.GetInt64(5)))));
            }
        }

        return [.. claimed.OrderBy(c => c.Seq).Select(c => c.Item)];
    }

    public ValueTask RenewAsync(string platform, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => RenewOnceAsync(platform, owner, leaseUntil, token), cancellationToken);

    private async ValueTask RenewOnceAsync(string platform, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var renew = connection.Command(
            "UPDATE inbox SET lease_until_ticks = @until WHERE platform = @platform AND lease_owner = @owner AND done_ticks IS NULL")
            .With("@until", leaseUntil).With("@platform", platform).With("@owner", owner);
        await renew.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask ReleaseAsync(string platform, string owner, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => ReleaseOnceAsync(platform, owner, token), cancellationToken);

    private async ValueTask ReleaseOnceAsync(string platform, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var release = connection.Command(
            "UPDATE inbox SET lease_owner = NULL, lease_until_ticks = NULL WHERE platform = @platform AND lease_owner = @owner AND done_ticks IS NULL")
            .With("@platform", platform).With("@owner", owner);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask CompleteAsync(string platform, string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => CompleteOnceAsync(platform, id, at, token), cancellationToken);

    private async ValueTask CompleteOnceAsync(string platform, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var done = connection.Command(
            "UPDATE inbox SET done_ticks = @at, payload = '', lease_owner = NULL, lease_until_ticks = NULL WHERE platform = @platform AND item_id = @id")
            .With("@at", at).With("@platform", platform).With("@id", id))
        {
            await done.ExecuteNonQueryAsync(cancellationToken);
        }

        if (Interlocked.Increment(ref _completed) % limits.TrimEvery == 0)
        {
            await using var trim = connection.Command("DELETE FROM inbox WHERE done_ticks IS NOT NULL AND done_ticks < @before")
                .With("@before", at - InboxOptions.DoneKeptFor);
            await trim.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
