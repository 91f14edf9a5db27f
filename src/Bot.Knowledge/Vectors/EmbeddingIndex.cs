using System.Numerics.Tensors;
using System.Security.Cryptography;
using System.Text;
using Bot.Knowledge.Embeddings;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Bot.Knowledge.Vectors;

/// <summary>
/// Vectors for every section of the serving knowledge snapshot, kept in memory as unit-length float arrays and
/// searched with <see cref="TensorPrimitives"/>. Vectors come from <see cref="IEmbeddingCache"/> by a hash of the embedded content when
/// known, so a restart or reload embeds only the sections that changed. A refresh builds a new set and swaps it in;
/// until the first one succeeds the index is not ready and holds nothing.
/// </summary>
public sealed partial class EmbeddingIndex(EmbeddingSource source, IEmbeddingCache cache, TimeProvider time, ILogger<EmbeddingIndex> logger)
{
    /// <summary>How many texts go to the embedding endpoint in one request.</summary>
    public const int BatchSize = 32;

    private volatile Entries? _entries;

    /// <summary>True once vectors for a snapshot are in place.</summary>
    public bool IsReady => _entries is not null;

    /// <summary>How many sections have vectors now.</summary>
    public int Count => _entries?.Sections.Length ?? 0;

    /// <summary>How many sections the last refresh had to send to the embedding model (the rest came from the cache).</summary>
    public int LastEmbeddedCount { get; private set; }

    public EmbeddingSource Source => source;

    /// <summary>
    /// The text embedded for a section: the file's title, the section heading twice (headings here are phrased as the
    /// question the section answers, which is what a user's question resembles most), the file's aliases and tags
    /// (the names people use for the subject), then the text. Chosen over plain heading + text by comparing the
    /// variants on the development question set.
    /// </summary>
    public static string TextOf(KnowledgeSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.DocumentTitle + " — " + section.Heading + "\n" +
            section.Heading + "\n" +
            string.Join(", ", section.Aliases.Concat(section.Tags)) + "\n" +
            section.Text;
    }

    /// <summary>
    /// The cache key of a section's vector: a hash of exactly the text embedded, so a change to the section, its
    /// heading, the file's title, aliases or tags (or to <see cref="TextOf"/> itself) embeds it again.
    /// </summary>
    public static string CacheKeyOf(KnowledgeSection section) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(TextOf(section))));

    /// <summary>
    /// Makes the index match <paramref name="snapshot"/>: cached vectors are reused, the rest embedded in batches and
    /// cached. Throws when the embedding model fails; the index then keeps serving what it had.
    /// </summary>
    public async Task RefreshAsync(KnowledgeSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var generator = source.Generator ?? throw new InvalidOperationException("No embedding model is configured.");
        var sections = snapshot.Documents.SelectMany(d => d.Sections).ToArray();
        var vectors = new float[sections.Length][];
        var missing = new List<int>();
        for (var i = 0; i < sections.Length; i++)
        {
            var cached = await cache.GetAsync(source.Model, CacheKeyOf(sections[i]), cancellationToken);
            if (cached is { Length: > 0 } vector)
            {
                vectors[i] = Normalised(vector.Span);
            }
            else
            {
                missing.Add(i);
            }
        }

        var started = time.GetTimestamp();
        foreach (var batch in missing.Chunk(BatchSize))
        {
            var embeddings = await generator.GenerateAsync(batch.Select(i => TextOf(sections[i])), cancellationToken: cancellationToken);
            if (embeddings.Count != batch.Length)
            {
                throw new InvalidOperationException($"The embedding model returned {embeddings.Count} vectors for {batch.Length} texts.");
            }

            for (var j = 0; j < batch.Length; j++)
            {
                var vector = embeddings[j].Vector;
                await cache.SetAsync(source.Model, CacheKeyOf(sections[batch[j]]), vector, cancellationToken);
                vectors[batch[j]] = Normalised(vector.Span);
            }
        }

        var dimensions = vectors.Select(v => v.Length).Distinct().ToList();
        if (dimensions.Count > 1)
        {
            throw new InvalidOperationException("The embedding vectors differ in length; was Embeddings:Model changed without clearing the cache?");
        }

        _entries = new Entries(sections, vectors);
        LastEmbeddedCount = missing.Count;
        Refreshed(logger, sections.Length, missing.Count, (long)time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Embeds a query (unit length), or throws when the model fails.</summary>
    public async Task<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default)
    {
        var generator = source.Generator ?? throw new InvalidOperationException("No embedding model is configured.");
        var embedding = await generator.GenerateAsync(text, cancellationToken: cancellationToken);
        return Normalised(embedding.Vector.Span);
    }

    /// <summary>The sections most similar to <paramref name="query"/> (cosine similarity), best first.</summary>
    public IReadOnlyList<(KnowledgeSection Section, float Similarity)> Nearest(ReadOnlySpan<float> query, int top, string? preferredLang)
    {
        var entries = _entries;
        if (entries is null || top <= 0 || entries.Sections.Length == 0 || entries.Vectors[0].Length != query.Length)
        {
            return [];
        }

        var scored = new (KnowledgeSection Section, float Similarity)[entries.Sections.Length];
        for (var i = 0; i < scored.Length; i++)
        {
            // Both sides have unit length, so the dot product is the cosine similarity.
            scored[i] = (entries.Sections[i], TensorPrimitives.Dot(query, entries.Vectors[i]));
        }

        return [.. scored
            .OrderByDescending(s => s.Similarity)
            .ThenBy(s => preferredLang is not null && s.Section.Lang == preferredLang ? 0 : 1)
            .ThenBy(s => s.Section.Key, StringComparer.Ordinal)
            .Take(top)];
    }

    private static float[] Normalised(ReadOnlySpan<float> vector)
    {
        var copy = vector.ToArray();
        var norm = TensorPrimitives.Norm(copy);
        if (norm > 0)
        {
            TensorPrimitives.Divide(copy, norm, copy);
        }

        return copy;
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information,
        Message = "Embedding index ready: {Sections} sections, {Embedded} embedded now (the rest from cache) in {Ms} ms")]
    private static partial void Refreshed(ILogger logger, int sections, int embedded, long ms);

    private sealed record Entries(KnowledgeSection[] Sections, float[][] Vectors);
}
