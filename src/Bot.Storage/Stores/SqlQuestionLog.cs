using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>Questions asked, with language, outcome and top sources; <see cref="StorageRetentionService"/> deletes old rows.</summary>
internal sealed class SqlQuestionLog(StorageDatabase database) : IQuestionLog
{
    public ValueTask AppendAsync(QuestionLogEntry entry, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => AppendOnceAsync(entry, token), cancellationToken);

    private async ValueTask AppendOnceAsync(QuestionLogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.Command("""
            INSERT INTO question_log (platform, chat_id, user_id, question, language, answered, top_sources, at_ticks,
                                      community_id, is_private, decline_reason)
            VALUES (@platform, @chat, @user, @question, @language, @answered, @sources, @at, @community, @private, @reason)
            """)
            .With("@platform", entry.Platform).With("@chat", entry.ChatId).With("@user", entry.UserId)
            .With("@question", entry.Question).With("@language", entry.Language).With("@answered", entry.Answered ? 1L : 0L)
            .With("@sources", Sql.ToJson(entry.TopSources)).With("@at", entry.At)
            .With("@community", entry.CommunityId ?? entry.ChatId).With("@private", entry.IsPrivate ? 1L : 0L).With("@reason", entry.DeclineReason);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask<IReadOnlyList<QuestionLogEntry>> ListAsync(DateTimeOffset since, string? platform = null, string? chatId = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => ListOnceAsync(since, platform, chatId, token), cancellationToken);

    private async ValueTask<IReadOnlyList<QuestionLogEntry>> ListOnceAsync(DateTimeOffset since, string? platform, string? chatId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT platform, chat_id, user_id, question, language, answered, top_sources, at_ticks, community_id, is_private, decline_reason " +
            "FROM question_log WHERE at_ticks >= @since" +
            (platform is null ? string.Empty : " AND platform = @platform") +
            (chatId is null ? string.Empty : " AND chat_id = @chat") +
            " ORDER BY id")
            .With("@since", since).WithIf(platform is not null, "@platform", platform).WithIf(chatId is not null, "@chat", chatId);
        var list = new List<QuestionLogEntry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new QuestionLogEntry(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt64(5) != 0, Sql.FromJson(reader.GetString(6)), Sql.ToTime(reader.GetInt64(7)),
                reader.NullableString(8), reader.GetInt64(9) != 0, reader.NullableString(10)));
        }

        return list;
    }

    public ValueTask<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => PruneOnceAsync(before, token), cancellationToken);

    private async ValueTask<int> PruneOnceAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.Command("DELETE FROM question_log WHERE at_ticks < @before").With("@before", before);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
