using Bot.Knowledge.Model;

namespace Bot.Knowledge.Search;

/// <summary>A retrieved section and how well it matches.</summary>
/// <param name="Score">The ranking score (higher is better); comparable across queries only roughly.</param>
/// <param name="Coverage">
/// The share of the query's information found in the section, in [0, 1]: the IDF-weighted fraction of the query's
/// content terms (stop words left out) that occur in the section. Comparable across queries, so the core can judge
/// whether evidence is strong enough with one threshold.
/// </param>
public sealed record SearchHit(KnowledgeSection Section, double Score, double Coverage)
{
    /// <summary>Cosine similarity of the question's and the section's embeddings, when vectors found the section.</summary>
    public double? Similarity { get; init; }

    /// <summary>
    /// Whether the section (or its twin in the other language) uses the question's subject: the most specific name the
    /// question writes with a capital letter, among the words the knowledge writes as names (learned at load time), or a
    /// capitalised word the knowledge never uses ("Mistral"). True when the question names nothing. A section that lacks
    /// the thing the question is about ("GPT-5", "Gemini") does not answer it, however many other words it shares.
    /// </summary>
    public bool HasSubject { get; init; } = true;

    /// <summary>
    /// Whether the section's document is about something the question names: its title (or its twin's) holds a word
    /// that the knowledge writes as a name ("Kling", "DeepSeek", "Sora") and that the question uses, however it is
    /// typed ("deepseek", "kling"). Such a question is in the knowledge's domain even when its other words are ones the
    /// knowledge does not use ("why did openai kill sora").
    /// </summary>
    public bool NamesDocument { get; init; }
}

/// <summary>What to look for.</summary>
/// <param name="Text">The question or query text, as typed (any language, with or without diacritics).</param>
/// <param name="PreferredLang"><c>en</c> or <c>vi</c>: when both languages hold the answer, prefer this one. Null: no preference.</param>
/// <param name="Top">How many hits to return at most.</param>
public sealed record SearchQuery(string Text, string? PreferredLang = null, int Top = 5);

/// <summary>The lexical index over one snapshot of the knowledge folder. Immutable and thread-safe.</summary>
public interface ILexicalIndex
{
    int SectionCount { get; }

    IReadOnlyList<SearchHit> Search(SearchQuery query);

    /// <summary>
    /// How much a term (as <see cref="Text.KnowledgeText.Terms(string)"/> gives it) tells sections apart: its inverse
    /// document frequency over the snapshot's sections, learned when the index is built. A term no section uses gets
    /// the highest value; 1 when the index keeps no statistics.
    /// </summary>
    double Rarity(string term) => 1.0;
}

/// <summary>
/// An optional semantic ranking (embeddings) that the retriever fuses with the lexical one
/// (reciprocal rank fusion). Registered only when an embedding model is configured.
/// </summary>
public interface IVectorRanker
{
    Task<IReadOnlyList<SearchHit>> RankAsync(SearchQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The one entry point for retrieval: lexical, fused with vectors when configured.</summary>
public interface IKnowledgeRetriever
{
    Task<IReadOnlyList<SearchHit>> RetrieveAsync(SearchQuery query, CancellationToken cancellationToken = default);
}
