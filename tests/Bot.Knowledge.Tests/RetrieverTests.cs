using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Knowledge.Tests;

public class RetrieverTests
{
    private static readonly KnowledgeSnapshot Snapshot = new("/knowledge", TestCorpus.Documents, TestCorpus.Index, [], DateTimeOffset.UnixEpoch);

    private static KnowledgeRetriever Retriever(IVectorRanker? ranker = null) =>
        new(new FixedKnowledgeBase(Snapshot), NullLogger<KnowledgeRetriever>.Instance, ranker);

    private static SearchHit Hit(string key) =>
        new(TestCorpus.Index.Sections.Single(s => s.Key == key), 0.9, 0.5);

    [Fact]
    public async Task Without_a_vector_ranker_returns_the_lexical_ranking()
    {
        var query = new SearchQuery("Kling Kuaishou", "vi", 3);

        var hits = await Retriever().RetrieveAsync(query);

        hits.Select(h => h.Section.Key).ShouldBe(TestCorpus.Index.Search(query).Select(h => h.Section.Key));
    }

    [Fact]
    public async Task Fuses_lexical_and_vector_rankings_by_reciprocal_rank()
    {
        var vectorSide = new[] { Hit("sora/sora-launch.en.md#access"), Hit("gpu/export-controls.en.md#export-versions") };
        var ranker = new FakeRanker(vectorSide);
        var query = new SearchQuery("DeepSeek H800", Top: 50);

        var hits = await Retriever(ranker).RetrieveAsync(query);

        var lexical = TestCorpus.Index.Search(query with { Top = 200 }).Select(h => h.Section.Key).ToList();
        var vectors = vectorSide.Select(h => h.Section.Key).ToList();
        double Rrf(List<string> ranking, string key) => ranking.IndexOf(key) is var i and >= 0 ? 1.0 / (60 + i + 1) : 0;
        foreach (var hit in hits)
        {
            hit.Score.ShouldBe(Rrf(lexical, hit.Section.Key) + Rrf(vectors, hit.Section.Key), 1e-12, hit.Section.Key);
        }

        hits.Select(h => h.Section.Key).ShouldBe(lexical.Union(vectors).OrderByDescending(k => Rrf(lexical, k) + Rrf(vectors, k)).ThenBy(k => k, StringComparer.Ordinal));
        ranker.Queries.ShouldHaveSingleItem().Text.ShouldBe("DeepSeek H800");
    }

    [Fact]
    public async Task A_section_both_rankings_like_beats_one_only_the_lexical_side_likes()
    {
        var lexical = TestCorpus.Index.Search(new SearchQuery("Nvidia H800 chips", Top: 20)).Select(h => h.Section.Key).ToList();
        var second = lexical[1];
        var ranker = new FakeRanker(Hit(second));

        var hits = await Retriever(ranker).RetrieveAsync(new SearchQuery("Nvidia H800 chips", Top: 3));

        hits[0].Section.Key.ShouldBe(second);
        hits[1].Section.Key.ShouldBe(lexical[0]);
    }

    [Fact]
    public async Task Keeps_lexical_coverage_and_gives_zero_to_sections_only_the_vectors_found()
    {
        var ranker = new FakeRanker(Hit("sora/sora-launch.en.md#access"), Hit("video/chinese-video.en.md#kling"));

        var hits = await Retriever(ranker).RetrieveAsync(new SearchQuery("Kling Kuaishou", Top: 10));

        var kling = hits.Single(h => h.Section.Key == "video/chinese-video.en.md#kling");
        kling.Coverage.ShouldBe(TestCorpus.Index.Search(new SearchQuery("Kling Kuaishou", Top: 20)).Single(h => h.Section.Key == kling.Section.Key).Coverage);
        hits.Single(h => h.Section.Key == "sora/sora-launch.en.md#access").Coverage.ShouldBe(0);
    }

    [Fact]
    public async Task Prefers_the_askers_language_between_twins_after_fusion()
    {
        var ranker = new FakeRanker(Hit("video/chinese-video.en.md#kling"), Hit("video/chinese-video.vi.md#kling"));

        var hits = await Retriever(ranker).RetrieveAsync(new SearchQuery("Kuaishou released Kling in June 2024", "vi", 2));

        hits.Select(h => h.Section.Key).ShouldBe(["video/chinese-video.vi.md#kling", "video/chinese-video.en.md#kling"]);
    }

    [Fact]
    public async Task Falls_back_to_lexical_when_the_vector_ranker_fails()
    {
        var hits = await Retriever(new FailingRanker()).RetrieveAsync(new SearchQuery("Kling", "en", 2));

        hits[0].Section.Key.ShouldBe("video/chinese-video.en.md#kling");
    }

    private sealed class FixedKnowledgeBase(KnowledgeSnapshot snapshot) : IKnowledgeBase
    {
        public KnowledgeSnapshot Current => snapshot;

        public event EventHandler<KnowledgeSnapshot>? Reloaded
        {
            add { }
            remove { }
        }

        public Task<KnowledgeSnapshot> ReloadAsync(CancellationToken cancellationToken = default) => Task.FromResult(snapshot);
    }

    private sealed class FakeRanker(params SearchHit[] hits) : IVectorRanker
    {
        public List<SearchQuery> Queries { get; } = [];

        public Task<IReadOnlyList<SearchHit>> RankAsync(SearchQuery query, CancellationToken cancellationToken = default)
        {
            Queries.Add(query);
            return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
        }
    }

    private sealed class FailingRanker : IVectorRanker
    {
        public Task<IReadOnlyList<SearchHit>> RankAsync(SearchQuery query, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("embedding server down");
    }
}
