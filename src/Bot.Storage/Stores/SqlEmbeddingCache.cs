using System.Buffers.Binary;
using Bot.Knowledge.Embeddings;
using Bot.Storage.Database;

namespace Bot.Storage.Stores;

/// <summary>Embedding vectors by model and content hash, as little-endian float32 bytes, so a restart re-embeds nothing unchanged.</summary>
internal sealed class SqlEmbeddingCache(StorageDatabase database, TimeProvider time) : IEmbeddingCache
{
    public ValueTask<ReadOnlyMemory<float>?> GetAsync(string model, string contentHash, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => GetOnceAsync(model, contentHash, token), cancellationToken);

    private async ValueTask<ReadOnlyMemory<float>?> GetOnceAsync(string model, string contentHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contentHash);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.Command("SELECT vector FROM embeddings WHERE model = @model AND content_hash = @hash")
            .With("@model", model).With("@hash", contentHash);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var bytes = reader.GetFieldValue<byte[]>(0);
        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        return vector;
    }

    public ValueTask SetAsync(string model, string contentHash, ReadOnlyMemory<float> vector, CancellationToken cancellationToken = default) =>
        database.RunAsync(token => SetOnceAsync(model, contentHash, vector, token), cancellationToken);

    private async ValueTask SetOnceAsync(string model, string contentHash, ReadOnlyMemory<float> vector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contentHash);
        var bytes = new byte[vector.Length * sizeof(float)];
        var span = vector.Span;
        for (var i = 0; i < span.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), span[i]);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var upsert = connection.Command("""
            INSERT INTO embeddings (model, content_hash, dimensions, vector, updated_ticks) VALUES (@model, @hash, @dimensions, @vector, @at)
            ON CONFLICT (model, content_hash) DO UPDATE SET
                dimensions = excluded.dimensions, vector = excluded.vector, updated_ticks = excluded.updated_ticks
            """)
            .With("@model", model).With("@hash", contentHash).With("@dimensions", (long)vector.Length)
            .With("@vector", bytes).With("@at", time.GetUtcNow());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }
}
