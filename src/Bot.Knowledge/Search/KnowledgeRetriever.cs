using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Microsoft.Extensions.Logging;

namespace Bot.Knowledge.Search;

/// <summary>
/// Retrieval over the current snapshot: the lexical index alone, or, when an <see cref="IVectorRanker"/> is registered,
/// lexical and vector rankings fused by reciprocal rank fusion (k = 60).
/// </summary>
/// <remarks>
/// After fusion <see cref="SearchHit.Score"/> is the fused score (sum of <c>1 / (60 + rank)</c>, times the preferred-language
/// boost), <see cref="SearchHit.Coverage"/> is the lexical coverage (0 when only the vector side found the section) and
/// <see cref="SearchHit.Similarity"/> the embedding similarity when the vector side found it.
/// If the vector ranker fails, the lexical ranking is returned and the failure logged.
/// </remarks>
public sealed class KnowledgeRetriever : IKnowledgeRetriever
{
    /// <summary>The reciprocal-rank-fusion constant.</summary>
    public const int RrfK = 60;

    /// <summary>Multiplier on fused scores of sections in the preferred language.</summary>
    public const double PreferredLanguageBoost = 1.15;

    private readonly IKnowledgeBase _knowledgeBase;
    private readonly IVectorRanker? _vectorRanker;
    private readonly ILogger<KnowledgeRetriever> _logger;

    public KnowledgeRetriever(IKnowledgeBase knowledgeBase, ILogger<KnowledgeRetriever> logger, IVectorRanker? vectorRanker = null)
    {
        _knowledgeBase = knowledgeBase ?? throw new ArgumentNullException(nameof(knowledgeBase));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _vectorRanker = vectorRanker;
    }

    public async Task<IReadOnlyList<SearchHit>> RetrieveAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = _knowledgeBase.Current;
        if (_vectorRanker is null || query.Top <= 0)
        {
            return snapshot.Index.Search(query);
        }

        var wide = query with { Top = Math.Max(query.Top * 4, 20) };
        var lexical = snapshot.Index.Search(wide);
        IReadOnlyList<SearchHit> vectors;
        try
        {
            vectors = await _vectorRanker.RankAsync(wide, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Vector ranking failed; using the lexical ranking alone");
            return lexical.Take(query.Top).ToArray();
        }

        return Fuse(lexical, vectors, query.PreferredLang, query.Top, snapshot.Documents);
    }

    /// <summary>Reciprocal rank fusion of two rankings, preferring <paramref name="preferredLang"/> between language twins.</summary>
    internal static IReadOnlyList<SearchHit> Fuse(
        IReadOnlyList<SearchHit> lexical,
        IReadOnlyList<SearchHit> vectors,
        string? preferredLang,
        int top,
        IReadOnlyList<KnowledgeDocument> documents)
    {
        var fused = new Dictionary<string, (KnowledgeSection Section, double Score, double Coverage, double? Similarity)>(StringComparer.Ordinal);
        var subjects = new Dictionary<string, bool>(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lexical.Count; i++)
        {
            var hit = lexical[i];
            fused[hit.Section.Key] = (hit.Section, 1.0 / (RrfK + i + 1), hit.Coverage, null);
            subjects[hit.Section.Key] = hit.HasSubject;
            if (hit.NamesDocument)
            {
                named.Add(hit.Section.Key);
            }
        }

        for (var i = 0; i < vectors.Count; i++)
        {
            var hit = vectors[i];
            var add = 1.0 / (RrfK + i + 1);
            fused[hit.Section.Key] = fused.TryGetValue(hit.Section.Key, out var existing)
                ? (existing.Section, existing.Score + add, existing.Coverage, hit.Similarity)
                : (hit.Section, add, 0.0, hit.Similarity);
        }

        var twins = LanguageTwins.Of(documents);
        var byTwin = fused.Values
            .GroupBy(v => twins.Slot(v.Section))
            .ToDictionary(g => g.Key, g => g.Max(v => v.Score));

        return fused.Values
            .Select(v =>
            {
                var score = v.Score;
                if (preferredLang is not null && v.Section.Lang == preferredLang)
                {
                    score = Math.Max(score, byTwin[twins.Slot(v.Section)]) * PreferredLanguageBoost;
                }

                return new SearchHit(v.Section, score, v.Coverage) { Similarity = v.Similarity, HasSubject = subjects.GetValueOrDefault(v.Section.Key, true), NamesDocument = named.Contains(v.Section.Key) };
            })
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.Section.Key, StringComparer.Ordinal)
            .Take(top)
            .ToArray();
    }
}
