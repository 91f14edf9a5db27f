using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>Per-channel settings, one row per platform and chat; shared by every host on the same database.</summary>
internal sealed class SqlChannelSettingsStore(StorageDatabase database) : IChannelSettingsStore
{
    public ValueTask<ChannelSettings?> GetAsync(string platform, string chatId, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => GetOnceAsync(platform, chatId, token), cancellationToken);

    private async ValueTask<ChannelSettings?> GetOnceAsync(string platform, string chatId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("""
            SELECT enabled, mode, language, cooldown_seconds, updated_by, updated_ticks FROM channel_settings
            WHERE platform = @platform AND chat_id = @chat
            """).With("@platform", platform).With("@chat", chatId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        // A mode written by a newer program that this one does not know reads as the default.
        var mode = Enum.TryParse<ChannelMode>(reader.GetString(1), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : ChannelMode.Mentions;
        var updatedTicks = reader.NullableInt64(5);
        return new ChannelSettings(
            platform, chatId, reader.GetInt64(0) != 0, mode, reader.NullableString(2), (int)reader.GetInt64(3),
            reader.NullableString(4), updatedTicks is { } ticks ? Sql.ToTime(ticks) : null);
    }

    public ValueTask SaveAsync(ChannelSettings settings, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => SaveOnceAsync(settings, token), cancellationToken);

    private async ValueTask SaveOnceAsync(ChannelSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.Command("""
            INSERT INTO channel_settings (platform, chat_id, enabled, mode, language, cooldown_seconds, updated_by, updated_ticks)
            VALUES (@platform, @chat, @enabled, @mode, @language, @cooldown, @by, @at)
            ON CONFLICT (platform, chat_id) DO UPDATE SET
                enabled = excluded.enabled, mode = excluded.mode, language = excluded.language,
                cooldown_seconds = excluded.cooldown_seconds, updated_by = excluded.updated_by, updated_ticks = excluded.updated_ticks
            """)
            .With("@platform", settings.Platform).With("@chat", settings.ChatId).With("@enabled", settings.Enabled ? 1L : 0L)
            .With("@mode", settings.Mode.ToString()).With("@language", settings.Language).With("@cooldown", (long)settings.CooldownSeconds)
            .With("@by", settings.UpdatedBy).With("@at", settings.UpdatedAt?.UtcTicks);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask MoveChatAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => MoveChatOnceAsync(platform, oldChatId, newChatId, token), cancellationToken);

    private async ValueTask MoveChatOnceAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken)
    {
        if (oldChatId == newChatId)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The old chat's settings replace any under the new id; without old settings, the new ones stay, as in memory.
        await using (var clear = connection.Command("""
            DELETE FROM channel_settings WHERE platform = @platform AND chat_id = @new
                AND EXISTS (SELECT 1 FROM channel_settings WHERE platform = @platform AND chat_id = @old)
            """, transaction).With("@platform", platform).With("@old", oldChatId).With("@new", newChatId))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var move = connection.Command(
            "UPDATE channel_settings SET chat_id = @new WHERE platform = @platform AND chat_id = @old", transaction)
            .With("@platform", platform).With("@old", oldChatId).With("@new", newChatId))
        {
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
