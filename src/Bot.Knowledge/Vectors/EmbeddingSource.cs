using Microsoft.Extensions.AI;

namespace Bot.Knowledge.Vectors;

/// <summary>
/// The embedding model, if one is configured: its name (part of the cache key, so changing models re-embeds) and the
/// generator that calls it. Decided when the container builds it, from configuration that may arrive late.
/// </summary>
public sealed class EmbeddingSource
{
    public EmbeddingSource(string model, IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Model = model;
        Generator = generator;
    }

    private EmbeddingSource()
    {
        Model = "";
    }

    /// <summary>No embedding model: the vector ranker stays silent and lexical retrieval serves alone.</summary>
    public static EmbeddingSource None { get; } = new();

    public string Model { get; }

    public IEmbeddingGenerator<string, Embedding<float>>? Generator { get; }

    public bool Enabled => Generator is not null;
}
