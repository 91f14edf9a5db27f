namespace Bot.Knowledge.Embeddings;

/// <summary>
/// Embedding vectors by content hash and model, so a restart or a reload embeds only sections that changed.
/// The in-memory implementation serves by default; the storage layer adds a persistent one.
/// </summary>
public interface IEmbeddingCache
{
    ValueTask<ReadOnlyMemory<float>?> GetAsync(string model, string contentHash, CancellationToken cancellationToken = default);

    ValueTask SetAsync(string model, string contentHash, ReadOnlyMemory<float> vector, CancellationToken cancellationToken = default);
}
