using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>Votes on answers: one row per answer, platform and user, so voting again replaces the vote.</summary>
internal sealed class SqlFeedbackStore(StorageDatabase database) : IFeedbackStore
{
    public ValueTask RecordAsync(FeedbackEntry entry, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => RecordOnceAsync(entry, token), cancellationToken);

    private async ValueTask RecordOnceAsync(FeedbackEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.Command("""
            INSERT INTO feedback (answer_id, platform, user_id, chat_id, vote, question, answer_text, source_files, at_ticks)
            VALUES (@answer, @platform, @user, @chat, @vote, @question, @text, @sources, @at)
            ON CONFLICT (answer_id, platform, user_id) DO UPDATE SET
                chat_id = excluded.chat_id, vote = excluded.vote, question = excluded.question,
                answer_text = excluded.answer_text, source_files = excluded.source_files, at_ticks = excluded.at_ticks
            """)
            .With("@answer", entry.AnswerId).With("@platform", entry.Platform).With("@user", entry.UserId)
            .With("@chat", entry.ChatId).With("@vote", (long)entry.Vote).With("@question", entry.Question)
            .With("@text", entry.AnswerText).With("@sources", Sql.ToJson(entry.SourceFiles)).With("@at", entry.At);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask<IReadOnlyList<FeedbackEntry>> ListAsync(DateTimeOffset since, string? platform = null, string? chatId = null, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => ListOnceAsync(since, platform, chatId, token), cancellationToken);

    private async ValueTask<IReadOnlyList<FeedbackEntry>> ListOnceAsync(DateTimeOffset since, string? platform, string? chatId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT answer_id, platform, chat_id, user_id, vote, question, answer_text, source_files, at_ticks FROM feedback WHERE at_ticks >= @since" +
            (platform is null ? string.Empty : " AND platform = @platform") +
            (chatId is null ? string.Empty : " AND chat_id = @chat") +
            " ORDER BY at_ticks, answer_id, user_id")
            .With("@since", since).WithIf(platform is not null, "@platform", platform).WithIf(chatId is not null, "@chat", chatId);
        var list = new List<FeedbackEntry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new FeedbackEntry(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                (FeedbackVote)(int)reader.GetInt64(4), reader.GetString(5), reader.GetString(6),
                Sql.FromJson(reader.GetString(7)), Sql.ToTime(reader.GetInt64(8))));
        }

        return list;
    }

    public ValueTask<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => PruneOnceAsync(before, token), cancellationToken);

    private async ValueTask<int> PruneOnceAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var delete = connection.Command("DELETE FROM feedback WHERE at_ticks < @before").With("@before", before);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
