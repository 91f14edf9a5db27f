using Bot.Core.Dashboard;
using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>The dashboard's counts as SQL aggregates over the question log and feedback (no row is loaded to count).</summary>
internal sealed class SqlDashboardQueries(StorageDatabase database) : IDashboardQueries
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>Feedback carries its chat; the question log says which community each chat belongs to.</summary>
    private const string FeedbackInCommunity =
        " AND (@community IS NULL OR chat_id IN (SELECT DISTINCT chat_id FROM question_log WHERE community_id = @community))";

    public async ValueTask<IReadOnlyList<QuestionCount>> QuestionCountsAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"""
            SELECT at_ticks / {TicksPerDay} AS day, platform, answered, language, COUNT(*)
            FROM question_log
            WHERE at_ticks >= @since AND (@community IS NULL OR community_id = @community)
            GROUP BY at_ticks / {TicksPerDay}, platform, answered, language
            """).With("@since", since).With("@community", communityId);
        var rows = new List<QuestionCount>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new QuestionCount(
                DateOnly.FromDateTime(new DateTime(reader.GetInt64(0) * TicksPerDay, DateTimeKind.Utc)),
                reader.GetString(1), reader.GetInt64(2) != 0, reader.GetString(3), checked((int)reader.GetInt64(4))));
        }

        return rows;
    }

    public async ValueTask<IReadOnlyList<GapQuestion>> GapQuestionsAsync(DateTimeOffset since, string? communityId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("""
            SELECT question, COUNT(*) AS asked, MAX(at_ticks)
            FROM question_log
            WHERE at_ticks >= @since AND answered = 0 AND (decline_reason IS NULL OR decline_reason <> @hostile)
              AND (@community IS NULL OR community_id = @community)
            GROUP BY question
            ORDER BY asked DESC, MAX(at_ticks) DESC
            LIMIT @limit
            """).With("@since", since).With("@hostile", QuestionLogEntry.HostileReason).With("@community", communityId).With("@limit", (long)limit);
        var rows = new List<GapQuestion>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new GapQuestion(reader.GetString(0), checked((int)reader.GetInt64(1)), Sql.ToTime(reader.GetInt64(2))));
        }

        return rows;
    }

    public async ValueTask<IReadOnlyList<FileVotes>> VotesByFileAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT source_files, vote, COUNT(*) FROM feedback WHERE at_ticks >= @since" + FeedbackInCommunity +
            " GROUP BY source_files, vote").With("@since", since).With("@community", communityId);
        var rows = new List<(IReadOnlyList<string>, FeedbackVote, int)>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Sql.FromJson(reader.GetString(0)), reader.GetInt64(1) > 0 ? FeedbackVote.Up : FeedbackVote.Down, checked((int)reader.GetInt64(2))));
        }

        return FileVoteTotals.Sum(rows);
    }

    public async ValueTask<IReadOnlyList<DislikedAnswer>> DislikedAsync(DateTimeOffset since, string? communityId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command(
            "SELECT question, source_files, at_ticks FROM feedback WHERE at_ticks >= @since AND vote < 0" + FeedbackInCommunity +
            " ORDER BY at_ticks DESC LIMIT @limit").With("@since", since).With("@community", communityId).With("@limit", (long)limit);
        var rows = new List<DislikedAnswer>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DislikedAnswer(reader.GetString(0), Sql.FromJson(reader.GetString(1)), Sql.ToTime(reader.GetInt64(2))));
        }

        return rows;
    }
}
