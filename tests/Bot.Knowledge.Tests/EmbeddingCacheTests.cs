using Bot.Knowledge.Embeddings;

namespace Bot.Knowledge.Tests;

public class EmbeddingCacheTests
{
    [Fact]
    public async Task Returns_a_stored_vector_by_model_and_content_hash()
    {
        var cache = new InMemoryEmbeddingCache();
        await cache.SetAsync("model-a", "hash1", new float[] { 1, 2, 3 });

        var vector = await cache.GetAsync("model-a", "hash1");

        vector.ShouldNotBeNull().ToArray().ShouldBe([1f, 2f, 3f]);
    }

    [Fact]
    public async Task Misses_for_another_model_or_hash()
    {
        var cache = new InMemoryEmbeddingCache();
        await cache.SetAsync("model-a", "hash1", new float[] { 1 });

        (await cache.GetAsync("model-b", "hash1")).ShouldBeNull();
        (await cache.GetAsync("model-a", "hash2")).ShouldBeNull();
    }

    [Fact]
    public async Task Keeps_its_own_copy_of_the_vector()
    {
        var cache = new InMemoryEmbeddingCache();
        var buffer = new float[] { 1, 2 };
        await cache.SetAsync("m", "h", buffer);
        buffer[0] = 99;

        (await cache.GetAsync("m", "h")).ShouldNotBeNull().Span[0].ShouldBe(1f);
    }

    [Fact]
    public async Task Is_safe_for_concurrent_use()
    {
        var cache = new InMemoryEmbeddingCache();

        await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(async () => await cache.SetAsync("m", "h" + (i % 50), new float[] { i }))));

        cache.Count.ShouldBe(50);
    }
}
