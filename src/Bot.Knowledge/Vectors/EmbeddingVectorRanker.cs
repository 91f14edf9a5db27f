using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Microsoft.Extensions.Logging;

namespace Bot.Knowledge.Vectors;

/// <summary>
/// The semantic ranking the retriever fuses with the lexical one: the lexical candidates re-ordered by cosine
/// similarity to the query's embedding. It never holds an answer up: with no embedding
/// model, before the index is ready, or when the query cannot be embedded, it returns no hits and lexical retrieval
/// serves alone.
/// </summary>
public sealed partial class EmbeddingVectorRanker(EmbeddingIndex index, IKnowledgeBase knowledge, ILogger<EmbeddingVectorRanker> logger) : IVectorRanker
{
    public async Task<IReadOnlyList<SearchHit>> RankAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!index.Source.Enabled || !index.IsReady || string.IsNullOrWhiteSpace(query.Text))
        {
            return [];
        }

        float[] vector;
        try
        {
            vector = await index.EmbedQueryAsync(query.Text, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            QueryFailed(logger, ex, ex.GetType().Name);
            return [];
        }

        // Coverage is a lexical measure (share of the query's terms in the section); a vector match says nothing
        // about it, so it is left at 0 and the fused result takes coverage from the lexical ranking.
        // Rank only sections the lexical index also found for this query (the retriever asks both sides for a wide
        // list). A section found by vectors alone carries no lexical coverage, and the evidence gate judges the top
        // hit by coverage: such a section ranked first would turn an answerable question into a decline. Within the
        // lexical candidates, the vectors re-order by meaning.
        var candidates = knowledge.Current.Index.Search(query).Select(h => h.Section.Key).ToHashSet(StringComparer.Ordinal);
        return [.. index.Nearest(vector, int.MaxValue, query.PreferredLang)
            .Where(n => candidates.Contains(n.Section.Key))
            .Take(query.Top)
            .Select(n => new SearchHit(n.Section, n.Similarity, 0) { Similarity = n.Similarity })];
    }

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning,
        Message = "Could not embed the query ({ErrorType}); lexical retrieval serves alone")]
    private static partial void QueryFailed(ILogger logger, Exception exception, string errorType);
}
