using System.Security.Cryptography;
using System.Text;
using Bot.Core.Admin;
using Bot.Core.Dashboard;
using Bot.Core.Diagnostics;
using Bot.Knowledge.Loading;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Dashboard;

/// <summary>A group of similar gap questions: its stable key (for "mark handled"), an example and how often it was asked.</summary>
public sealed record GapGroup(string Key, string Example, int Count);

/// <summary>Questions of one day on one platform, answered and declined.</summary>
public sealed record DayBar(DateOnly Day, string Platform, int Answered, int Declined);

/// <summary>Everything the landing page shows, gathered for one sign-in and one window.</summary>
public sealed record DashboardView(
    DashboardIdentity Identity,
    string Language,
    int WindowDays,
    int Total,
    int Answered,
    IReadOnlyList<GapGroup> Gaps,
    IReadOnlyList<DayBar> Days,
    IReadOnlyList<KeyValuePair<string, int>> Languages,
    IReadOnlyList<FileVotes> Votes,
    IReadOnlyList<DislikedAnswer> Disliked,
    KnowledgeHealth Knowledge,
    IReadOnlyList<KeyValuePair<string, bool>> Platforms,
    RuntimeSnapshot Runtime,
    string AntiforgeryField,
    string AntiforgeryValue)
{
    public int Declined => Total - Answered;

    public string T(string english, string vietnamese) => Language == "vi" ? vietnamese : english;
}

/// <summary>The knowledge folder's health, from the snapshot serving now.</summary>
public sealed record KnowledgeHealth(
    IReadOnlyList<(string Lang, int Files, int Sections)> PerLanguage,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> WithoutTwin,
    IReadOnlyList<string> Overdue,
    DateTimeOffset LoadedAt);

/// <summary>Gathers the landing page's data through Core's query interfaces and the knowledge base.</summary>
internal sealed class DashboardViewBuilder(
    IDashboardQueries queries,
    IDashboardStore store,
    IKnowledgeBase knowledge,
    HealthCheckService health,
    IRuntimeStatus runtime,
    TimeProvider time)
{
    private const int GapLimit = 200;
    private const int ShownGroups = 15;

    /// <summary>The health of the last snapshot seen, for one day: it changes only with a reload or the date.</summary>
    private HealthCache? _health;

    public async Task<DashboardView> BuildAsync(DashboardIdentity identity, string language, int windowDays, (string Field, string Value) antiforgery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = windowDays == 1 ? now.AddHours(-24) : now.AddDays(-windowDays);
        var community = identity.Scoped ? identity.GuildId : null;

        // The reads are independent: started together (each on its own connection), the page waits for the slowest
        // rather than for their sum. Task.Run because SQLite's "async" calls run synchronously on the caller's thread.
        var countsRead = Read(() => queries.QuestionCountsAsync(since, community, cancellationToken));
        var gapsRead = Read(() => queries.GapQuestionsAsync(since, community, GapLimit, cancellationToken));
        var handledRead = Read(() => store.HandledGapsAsync(since, cancellationToken));
        var votesRead = Read(() => queries.VotesByFileAsync(since, community, cancellationToken));
        var dislikedRead = Read(() => queries.DislikedAsync(since, community, 20, cancellationToken));
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"), cancellationToken);
        await Task.WhenAll(countsRead, gapsRead, handledRead, votesRead, dislikedRead);
        var (counts, gaps, handled, votes, disliked) = (await countsRead, await gapsRead, await handledRead, await votesRead, await dislikedRead);

        return new DashboardView(
            identity,
            language,
            windowDays,
            counts.Sum(c => c.Count),
            counts.Where(c => c.Answered).Sum(c => c.Count),
            [.. GroupGaps(gaps).Where(g => !handled.Contains(g.Key)).Take(ShownGroups)],
            [.. counts.GroupBy(c => (c.Day, c.Platform))
                .Select(g => new DayBar(g.Key.Day, g.Key.Platform, g.Where(c => c.Answered).Sum(c => c.Count), g.Where(c => !c.Answered).Sum(c => c.Count)))
                .OrderBy(b => b.Day).ThenBy(b => b.Platform, StringComparer.Ordinal)],
            [.. counts.GroupBy(c => c.Language, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Sum(c => c.Count))).OrderByDescending(p => p.Value)],
            [.. votes.Take(20)],
            disliked,
            CachedHealth(knowledge.Current, DateOnly.FromDateTime(now.UtcDateTime)),
            [.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, e.Value.Status == HealthStatus.Healthy))],
            runtime.Current,
            antiforgery.Field,
            antiforgery.Value);
    }

    private static Task<T> Read<T>(Func<ValueTask<T>> read) => Task.Run(async () => await read());

    /// <summary>
    /// Groups gap questions with <see cref="QuestionGroups"/> (the same rule as <c>/kb gaps</c>), weighting each text by
    /// how often it was asked; the most asked text of a group is its example.
    /// </summary>
    public static IReadOnlyList<GapGroup> GroupGaps(IEnumerable<GapQuestion> gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        return [.. QuestionGroups.Group(gaps.OrderByDescending(g => g.Count).Select(g => (g.Question, g.Count)))
            .Select(g => new GapGroup(Key(g.Example), g.Example, g.Count))];
    }

    /// <summary>A group's stable key: the first 16 hex digits of SHA-256 of its example, folded (trimmed, lower case).</summary>
    public static string Key(string example) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(example.Trim().ToLowerInvariant())))[..16];

    private KnowledgeHealth CachedHealth(KnowledgeSnapshot snapshot, DateOnly today)
    {
        if (_health is { } cached && ReferenceEquals(cached.Snapshot, snapshot) && cached.Day == today)
        {
            return cached.Health;
        }

        var health = Health(snapshot, today);
        _health = new HealthCache(snapshot, today, health);
        return health;
    }

    private sealed record HealthCache(KnowledgeSnapshot Snapshot, DateOnly Day, KnowledgeHealth Health);

    private static KnowledgeHealth Health(KnowledgeSnapshot snapshot, DateOnly today)
    {
        var documents = snapshot.Documents;
        var perLanguage = documents.GroupBy(d => d.Lang, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.Sum(d => d.Sections.Count))).ToList();
        var byId = documents.GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var withoutTwin = new List<string>();
        foreach (var document in documents)
        {
            // Twins share an id in the other language; a twin with fewer sections leaves the extra ones without a twin.
            var twin = byId[document.Id].FirstOrDefault(d => d.Lang != document.Lang);
            var extra = twin is null ? document.Sections : document.Sections.Skip(twin.Sections.Count);
            withoutTwin.AddRange(extra.Select(s => $"{s.Path}:{s.Line} {s.Heading}"));
        }

        return new KnowledgeHealth(
            perLanguage,
            [.. snapshot.Diagnostics.Concat(snapshot.Warnings).Select(d => d.ToString())],
            [.. withoutTwin.Take(50)],
            [.. snapshot.Overdue(today).Select(s => $"{s.Path}:{s.Line} {s.Heading}")],
            snapshot.LoadedAt);
    }
}
