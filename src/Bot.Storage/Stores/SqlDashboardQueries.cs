using Bot.Core.Dashboard;
using Bot.Core.Stores;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>
/// The dashboard's counts as SQL aggregates over the question log and feedback (no row is loaded to count). Each query
/// has two shapes, every community or one, so that the planner sees a plain predicate and can use the indexes of schema
/// step 5 (a <c>(@community IS NULL OR ...)</c> test hides them from it). The day is written exactly as in those indexes,
/// <c>at_ticks / 864000000000</c>.
/// </summary>
internal sealed class SqlDashboardQueries(StorageDatabase database) : IDashboardQueries
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>Feedback carries its chat; the question log says which community each chat belongs to.</summary>
    private const string FeedbackInCommunity = " AND chat_id IN (SELECT chat_id FROM question_log WHERE community_id = @community)";

    /// <summary>
    /// Counts per day, platform, outcome and language. The whole-day bound lets the index on the day seek and hand rows
    /// over already grouped; the exact bound then trims the first day (a 24-hour window starts mid-day).
    /// </summary>
    public async ValueTask<IReadOnlyList<QuestionCount>> QuestionCountsAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"""
            SELECT at_ticks / {TicksPerDay}, platform, answered, language, COUNT(*)
            FROM question_log
            WHERE {InCommunity(communityId)}at_ticks / {TicksPerDay} >= @since_day AND at_ticks >= @since
            GROUP BY at_ticks / {TicksPerDay}, platform, answered, language
            """).With("@since_day", since.UtcTicks / TicksPerDay).With("@since", since).WithIf(communityId is not null, "@community", communityId);
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

    /// <summary>Reads the declined rows only, through the partial indexes on <c>answered = 0</c> (written exactly so).</summary>
    public async ValueTask<IReadOnlyList<GapQuestion>> GapQuestionsAsync(DateTimeOffset since, string? communityId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command($"""
            SELECT question, COUNT(*) AS asked, MAX(at_ticks)
            FROM question_log
            WHERE {InCommunity(communityId)}at_ticks >= @since AND answered = 0 AND (decline_reason IS NULL OR decline_reason NOT IN (@hostile, @outOfScope))
            GROUP BY question
            ORDER BY asked DESC, MAX(at_ticks) DESC
            LIMIT @limit
            """).With("@since", since).With("@hostile", QuestionLogEntry.HostileReason).With("@outOfScope", QuestionLogEntry.OutOfScopeReason)
            .WithIf(communityId is not null, "@community", communityId).With("@limit", (long)limit);
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
            "SELECT source_files, vote, COUNT(*) FROM feedback WHERE at_ticks >= @since" + FeedbackScope(communityId) +
            " GROUP BY source_files, vote").With("@since", since).WithIf(communityId is not null, "@community", communityId);
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
            "SELECT question, source_files, at_ticks FROM feedback WHERE at_ticks >= @since AND vote < 0" + FeedbackScope(communityId) +
            " ORDER BY at_ticks DESC LIMIT @limit").With("@since", since).WithIf(communityId is not null, "@community", communityId).With("@limit", (long)limit);
        var rows = new List<DislikedAnswer>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DislikedAnswer(reader.GetString(0), Sql.FromJson(reader.GetString(1)), Sql.ToTime(reader.GetInt64(2))));
        }

        return rows;
    }

    /// <summary>The leading predicate of a question-log query limited to one community (empty for every community).</summary>
    private static string InCommunity(string? communityId) => communityId is null ? "" : "community_id = @community AND ";

    private static string FeedbackScope(string? communityId) => communityId is null ? "" : FeedbackInCommunity;
}
