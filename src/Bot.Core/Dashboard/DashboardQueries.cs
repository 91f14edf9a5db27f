using Bot.Core.Stores;

namespace Bot.Core.Dashboard;

/// <summary>Questions of one day, platform, outcome and language.</summary>
public sealed record QuestionCount(DateOnly Day, string Platform, bool Answered, string Language, int Count);

/// <summary>A declined question that is a knowledge gap, with how often it was asked word for word.</summary>
public sealed record GapQuestion(string Question, int Count, DateTimeOffset LastAsked);

/// <summary>Votes on answers that cited one knowledge file.</summary>
public sealed record FileVotes(string File, int Up, int Down);

/// <summary>A question whose answer got a 👎, with the files it cited.</summary>
public sealed record DislikedAnswer(string Question, IReadOnlyList<string> SourceFiles, DateTimeOffset At);

/// <summary>
/// The aggregates the moderators' dashboard reads, computed by the store (SQL <c>GROUP BY</c> in a database), never by
/// loading every row. <c>communityId</c> null means every community; otherwise one Discord guild or Telegram chat.
/// Question text comes without user ids.
/// </summary>
public interface IDashboardQueries
{
    ValueTask<IReadOnlyList<QuestionCount>> QuestionCountsAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken = default);

    /// <summary>The most asked gap questions (declined, not hostile), most frequent first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<GapQuestion>> GapQuestionsAsync(DateTimeOffset since, string? communityId, int limit, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<FileVotes>> VotesByFileAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken = default);

    /// <summary>The latest answers that got a 👎, newest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<DislikedAnswer>> DislikedAsync(DateTimeOffset since, string? communityId, int limit, CancellationToken cancellationToken = default);
}

/// <summary>Sums per-answer vote rows (one row per distinct list of cited files) into votes per file.</summary>
public static class FileVoteTotals
{
    public static IReadOnlyList<FileVotes> Sum(IEnumerable<(IReadOnlyList<string> Files, FeedbackVote Vote, int Count)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var totals = new Dictionary<string, (int Up, int Down)>(StringComparer.Ordinal);
        foreach (var (files, vote, count) in rows)
        {
            foreach (var file in files.Distinct(StringComparer.Ordinal))
            {
                var (up, down) = totals.GetValueOrDefault(file);
                totals[file] = vote == FeedbackVote.Up ? (up + count, down) : (up, down + count);
            }
        }

        return [.. totals.Select(t => new FileVotes(t.Key, t.Value.Up, t.Value.Down)).OrderByDescending(v => v.Down).ThenBy(v => v.File, StringComparer.Ordinal)];
    }
}
