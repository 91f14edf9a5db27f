using System.Text.Json;
using Bot.Knowledge.Embeddings;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Bot.Knowledge.Vectors;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Core.Tests.Llm.LlmTestKit;

namespace Bot.Core.Tests.Llm;

/// <summary>Section vectors through the OpenAI connector, cached by content hash, never in the way of an answer.</summary>
public sealed class EmbeddingIndexTests : IAsyncLifetime
{
    private static readonly Bot.Knowledge.Model.KnowledgeSection[] Sections = [SoraLaunchEn, SoraLaunchVi, KlingEn, H20En, HuaweiEn];

    private readonly MemoryEmbeddingCache _cache = new();
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_section_is_embedded_in_batches_asking_for_base64_vectors()
    {
        var logs = new CapturingLoggerProvider();
        var (sp, _) = await StartAsync(new FakeKnowledgeBase(Sections), logs: logs);
        await using var _sp = sp;

        var index = sp.GetRequiredService<EmbeddingIndex>();
        index.IsReady.ShouldBeTrue();
        index.Count.ShouldBe(5);
        var request = _server.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/v1/embeddings");
        request.Headers["Authorization"].ShouldBe("Bearer emb-key-123");
        using var body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("model").GetString().ShouldBe("fake-embed");
        body.RootElement.GetProperty("encoding_format").GetString().ShouldBe("base64");
        body.RootElement.GetProperty("input").GetArrayLength().ShouldBe(5);
        _cache.Count.ShouldBe(5);
        logs.Entries.ShouldContain(e => e.Category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal));
        logs.AllText.ShouldAllBe(text => !text.Contains("emb-key-123"));
    }

    [Fact]
    public void A_change_to_the_title_aliases_or_text_changes_the_cache_key()
    {
        var key = EmbeddingIndex.CacheKeyOf(HuaweiEn);

        EmbeddingIndex.CacheKeyOf(HuaweiEn with { }).ShouldBe(key);
        EmbeddingIndex.CacheKeyOf(HuaweiEn with { Aliases = ["Ascend"] }).ShouldNotBe(key);
        EmbeddingIndex.CacheKeyOf(HuaweiEn with { DocumentTitle = "Huawei chips" }).ShouldNotBe(key);
        EmbeddingIndex.CacheKeyOf(HuaweiEn with { Text = HuaweiEn.Text + " More." }).ShouldNotBe(key);
    }

    [Fact]
    public async Task The_ranker_puts_the_nearest_section_first()
    {
        var (sp, _) = await StartAsync(new FakeKnowledgeBase(Sections));
        await using var _sp = sp;

        var hits = await sp.GetRequiredService<IVectorRanker>().RankAsync(new SearchQuery("Which chips did Huawei ship to Chinese customers instead of Nvidia", "en", 3));

        hits.Count.ShouldBe(2);
        hits[0].Section.ShouldBe(HuaweiEn);
        hits[1].Section.ShouldBe(H20En);
        hits[0].Score.ShouldBeGreaterThan(hits[1].Score);
        hits.ShouldAllBe(h => h.Coverage == 0);
    }

    [Fact]
    public async Task Only_sections_the_lexical_index_found_are_ranked()
    {
        var (sp, _) = await StartAsync(new FakeKnowledgeBase(Sections));
        await using var _sp = sp;

        var hits = await sp.GetRequiredService<IVectorRanker>().RankAsync(new SearchQuery("Kuaishou", "en", 5));

        hits.ShouldHaveSingleItem().Section.ShouldBe(KlingEn);
    }

    [Fact]
    public async Task A_reload_embeds_only_the_sections_that_changed()
    {
        var knowledge = new FakeKnowledgeBase(Sections);
        var (sp, _) = await StartAsync(knowledge);
        await using var _sp = sp;
        var index = sp.GetRequiredService<EmbeddingIndex>();
        _server.Reset();

        var changed = Section("gpu/huawei-ascend.en.md", "en", "Huawei Ascend", "Ascend 910C", HuaweiEn.Text + " Output rose in the second half of 2025.");
        var added = Section("llm/deepseek.en.md", "en", "DeepSeek", "DeepSeek-R1", "DeepSeek released its R1 reasoning model in January 2025.");
        knowledge.Replace([SoraLaunchEn, SoraLaunchVi, KlingEn, H20En, changed, added]);
        await Until(() => index.Count == 6, "the reload to be embedded");

        index.LastEmbeddedCount.ShouldBe(2);
        _server.EmbeddedInputCount.ShouldBe(2);
        var hits = await sp.GetRequiredService<IVectorRanker>().RankAsync(new SearchQuery("DeepSeek R1 reasoning model", "en", 1));
        hits.ShouldHaveSingleItem().Section.ShouldBe(added);
    }

    [Fact]
    public async Task A_restart_with_a_warm_cache_embeds_no_section()
    {
        var (first, _) = await StartAsync(new FakeKnowledgeBase(Sections));
        await first.DisposeAsync();
        _server.Reset();

        var (second, _) = await StartAsync(new FakeKnowledgeBase(Sections));
        await using var _sp = second;

        second.GetRequiredService<EmbeddingIndex>().IsReady.ShouldBeTrue();
        _server.EmbeddedInputCount.ShouldBe(0);
    }

    [Fact]
    public async Task When_the_embedding_endpoint_fails_the_ranker_returns_nothing_and_nothing_waits()
    {
        _server.EmbeddingFailureStatus = 500;
        var (sp, _) = await StartAsync(new FakeKnowledgeBase(Sections));
        await using var _sp = sp;

        sp.GetRequiredService<EmbeddingIndex>().IsReady.ShouldBeFalse();
        var hits = await sp.GetRequiredService<IVectorRanker>().RankAsync(new SearchQuery("Huawei Ascend", "en", 3));
        hits.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_query_cannot_be_embedded_the_ranker_returns_nothing()
    {
        var (sp, _) = await StartAsync(new FakeKnowledgeBase(Sections));
        await using var _sp = sp;
        _server.EmbeddingFailureStatus = 503;

        var hits = await sp.GetRequiredService<IVectorRanker>().RankAsync(new SearchQuery("Huawei Ascend", "en", 3));

        hits.ShouldBeEmpty();
        sp.GetRequiredService<EmbeddingIndex>().IsReady.ShouldBeTrue();
    }

    [Fact]
    public async Task Before_the_first_vectors_arrive_the_ranker_returns_nothing()
    {
        var settings = EmbeddingConfig();
        await using var sp = Build(settings, configure: s => s.AddSingleton<IKnowledgeBase>(new FakeKnowledgeBase(Sections)));

        var hits = await sp.GetRequiredService<IVectorRanker>().RankAsync(new SearchQuery("Huawei Ascend", "en", 3));

        hits.ShouldBeEmpty();
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_an_API_key_no_Authorization_header_is_sent()
    {
        var settings = EmbeddingConfig();
        settings.Remove("Embeddings:ApiKey");
        var (sp, _) = await StartAsync(new FakeKnowledgeBase(Sections), settings);
        await using var _sp = sp;

        _server.Requests.ShouldHaveSingleItem().Headers.ContainsKey("Authorization").ShouldBeFalse();
    }

    private Dictionary<string, string?> EmbeddingConfig() => new()
    {
        ["Embeddings:Endpoint"] = _server.Endpoint.ToString(),
        ["Embeddings:Model"] = "fake-embed",
        ["Embeddings:ApiKey"] = "emb-key-123",
    };

    private async Task<(ServiceProvider Services, EmbeddingIndexer Indexer)> StartAsync(
        FakeKnowledgeBase knowledge, Dictionary<string, string?>? settings = null, CapturingLoggerProvider? logs = null)
    {
        var sp = Build(settings ?? EmbeddingConfig(), logs: logs, configure: s =>
        {
            s.AddSingleton<IKnowledgeBase>(knowledge);
            s.AddSingleton<IEmbeddingCache>(_cache);
        });
        var indexer = sp.GetRequiredService<EmbeddingIndexer>();
        await indexer.StartAsync(CancellationToken.None);
        await indexer.FirstAttempt.WaitAsync(TimeSpan.FromSeconds(60));
        return (sp, indexer);
    }
}
