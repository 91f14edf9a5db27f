using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>Moderators added in chat, keyed by platform tag.</summary>
internal sealed class SqlModeratorStore(StorageDatabase database) : IModeratorStore
{
    public async ValueTask<IReadOnlyList<ModeratorEntry>> ListAsync(CancellationToken cancellationToken = default)
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

    public async ValueTask<bool> AddAsync(ModeratorEntry moderator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(moderator);
        ModeratorTag.ThrowIfInvalid(moderator.Tag, nameof(moderator));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.Command("""
            INSERT INTO moderators (tag, added_by, added_ticks) VALUES (@tag, @by, @at) ON CONFLICT (tag) DO NOTHING
            """).With("@tag", moderator.Tag).With("@by", moderator.AddedBy).With("@at", moderator.AddedAt);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async ValueTask<bool> RemoveAsync(string tag, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.Command("DELETE FROM moderators WHERE tag = @tag").With("@tag", tag);
        return await delete.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
