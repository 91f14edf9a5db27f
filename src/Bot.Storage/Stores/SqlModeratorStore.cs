using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>Moderators added in chat, keyed by platform tag.</summary>
internal sealed class SqlModeratorStore(StorageDatabase database) : IModeratorStore
{
    public ValueTask<IReadOnlyList<ModeratorEntry>> ListAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync(token => ListOnceAsync(token), cancellationToken);

    private async ValueTask<IReadOnlyList<ModeratorEntry>> ListOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT tag, added_by, added_ticks FROM moderators ORDER BY added_ticks, tag");
        var list = new List<ModeratorEntry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ModeratorEntry(reader.GetString(0), reader.GetString(1), Sql.ToTime(reader.GetInt64(2))));
        }

        return list;
    }

    public ValueTask<bool> AddAsync(ModeratorEntry moderator, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => AddOnceAsync(moderator, token), cancellationToken);

    private async ValueTask<bool> AddOnceAsync(ModeratorEntry moderator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(moderator);
        ModeratorTag.ThrowIfInvalid(moderator.Tag, nameof(moderator));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.Command("""
            INSERT INTO moderators (tag, added_by, added_ticks) VALUES (@tag, @by, @at) ON CONFLICT (tag) DO NOTHING
            """).With("@tag", moderator.Tag).With("@by", moderator.AddedBy).With("@at", moderator.AddedAt);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public ValueTask<bool> RemoveAsync(string tag, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => RemoveOnceAsync(tag, token), cancellationToken);

    private async ValueTask<bool> RemoveOnceAsync(string tag, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.Command("DELETE FROM moderators WHERE tag = @tag").With("@tag", tag);
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
