using System.Collections.Concurrent;

namespace Bot.Knowledge.Embeddings;

/// <summary>The default embedding cache: vectors kept in memory for the life of the process, by model and content hash.</summary>
public sealed class InMemoryEmbeddingCache : IEmbeddingCache
{
    private readonly ConcurrentDictionary<(string Model, string ContentHash), ReadOnlyMemory<float>> _vectors = new();

    /// <summary>How many vectors are cached.</summary>
    public int Count => _vectors.Count;

    public ValueTask<ReadOnlyMemory<float>?> GetAsync(string model, string contentHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contentHash);
        return ValueTask.FromResult<ReadOnlyMemory<float>?>(_vectors.TryGetValue((model, contentHash), out var vector) ? (ReadOnlyMemory<float>?)vector : null);
    }

    public ValueTask SetAsync(string model, string contentHash, ReadOnlyMemory<float> vector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contentHash);

        // A private copy: the caller may reuse its buffer.
        _vectors[(model, contentHash)] = vector.ToArray();
        return ValueTask.CompletedTask;
    }
}
