using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>Processed update ids and per-platform cursors, bounded to the newest <see cref="StorageLimits.ProcessedUpdatesKept"/> ids.</summary>
internal sealed class SqlProcessedUpdateStore(StorageDatabase database, TimeProvider time, StorageLimits limits) : IProcessedUpdateStore
{
    private long _inserted;

    public ValueTask<bool> TryMarkAsync(string platform, string updateId, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => TryMarkOnceAsync(platform, updateId, token), cancellationToken);

    private async ValueTask<bool> TryMarkOnceAsync(string platform, string updateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(updateId);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.Command("""
            INSERT INTO processed_updates (platform, update_id, at_ticks) VALUES (@platform, @update, @at)
            ON CONFLICT (platform, update_id) DO NOTHING
            """).With("@platform", platform).With("@update", updateId).With("@at", time.GetUtcNow());
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        if (Interlocked.Increment(ref _inserted) % limits.TrimEvery == 0)
        {
            await using var trim = connection.Command(
                "DELETE FROM processed_updates WHERE id <= (SELECT MAX(id) FROM processed_updates) - @keep")
                .With("@keep", (long)limits.ProcessedUpdatesKept);
            await trim.ExecuteNonQueryAsync(cancellationToken);
        }

        return true;
    }

    public ValueTask<string?> GetCursorAsync(string platform, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => GetCursorOnceAsync(platform, token), cancellationToken);

    private async ValueTask<string?> GetCursorOnceAsync(string platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT cursor FROM cursors WHERE platform = @platform").With("@platform", platform);
        return await select.ExecuteScalarAsync(cancellationToken) as string;
    }

    public ValueTask SetCursorAsync(string platform, string cursor, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => SetCursorOnceAsync(platform, cursor, token), cancellationToken);

    private async ValueTask SetCursorOnceAsync(string platform, string cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(cursor);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.Command("""
            INSERT INTO cursors (platform, cursor, updated_ticks) VALUES (@platform, @cursor, @at)
            ON CONFLICT (platform) DO UPDATE SET cursor = excluded.cursor, updated_ticks = excluded.updated_ticks
            """).With("@platform", platform).With("@cursor", cursor).With("@at", time.GetUtcNow());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}
