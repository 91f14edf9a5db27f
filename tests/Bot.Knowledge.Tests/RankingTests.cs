using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests;

public class RankingTests
{
    private static IReadOnlyList<SearchHit> Search(string text, string? lang = null, int top = 5) =>
        TestCorpus.Index.Search(new SearchQuery(text, lang, top));

    [Fact]
    public void Indexes_every_section()
    {
        TestCorpus.Index.SectionCount.ShouldBe(15);
    }

    [Fact]
    public void A_question_without_accents_finds_the_accented_section()
    {
        Search("kiem soat xuat khau chip sang trung quoc", "vi")[0].Section.Key.ShouldBe("gpu/export-controls.vi.md#quy-định-tháng-102022");
    }

    [Fact]
    public void A_question_with_accents_finds_the_section_too()
    {
        Search("Sora ra mắt khi nào?", "vi")[0].Section.Path.ShouldBe("sora/sora-launch.vi.md");
    }

    [Fact]
    public void A_date_written_another_way_finds_the_section()
    {
        Search("2024-02-15", "vi")[0].Section.Key.ShouldBe("sora/sora-launch.vi.md#công-bố");
        Search("15/02/2024", "en")[0].Section.Key.ShouldBe("sora/sora-launch.en.md#announcement");
    }

    [Fact]
    public void A_heading_match_ranks_above_a_body_match()
    {
        var hits = Search("Huawei");

        hits[0].Section.Key.ShouldBe("misc/huawei.en.md#huawei");
        hits[1].Section.Key.ShouldBe("misc/huawei.en.md#accelerators");
    }

    [Fact]
    public void A_title_or_tag_match_ranks_above_a_body_match()
    {
        // "Sora" is in the body of the Kling sections but in the title of the Sora files.
        Search("Sora", "en")[0].Section.Path.ShouldBe("sora/sora-launch.en.md");
    }

    [Fact]
    public void An_alias_is_searchable()
    {
        Search("OpenAI Sora access", "en")[0].Section.Key.ShouldBe("sora/sora-launch.en.md#access");
    }

    [Theory]
    [InlineData("en", "video/chinese-video.en.md#kling")]
    [InlineData("vi", "video/chinese-video.vi.md#kling")]
    public void The_preferred_language_comes_first_when_both_languages_match(string lang, string expected)
    {
        var hits = Search("Kling Kuaishou", lang);

        hits[0].Section.Key.ShouldBe(expected);
        hits.Select(h => h.Section.DocumentId).Take(2).ShouldBe(["chinese-video", "chinese-video"]);
    }

    [Fact]
    public void The_preferred_language_wins_even_when_its_twin_scores_higher()
    {
        // English words match the English section far better, yet a Vietnamese asker sees the Vietnamese twin first.
        var hits = Search("Kuaishou released Kling in June 2024", "vi");

        hits[0].Section.Key.ShouldBe("video/chinese-video.vi.md#kling");
        hits[1].Section.Key.ShouldBe("video/chinese-video.en.md#kling");
    }

    [Fact]
    public void A_section_covers_what_its_twin_in_the_other_language_covers()
    {
        // "released" is only in the English text; the Vietnamese twin says "phát hành".
        var hits = Search("Kuaishou released Kling in June 2024", "vi");

        hits[0].Section.Key.ShouldBe("video/chinese-video.vi.md#kling");
        hits[0].Coverage.ShouldBe(hits[1].Coverage);
        hits[0].Coverage.ShouldBe(1.0, 1e-6);
    }

    [Fact]
    public void The_other_language_is_the_fallback_when_only_it_has_the_answer()
    {
        Search("DeepSeek V3 weights", "vi")[0].Section.Path.ShouldBe("llm/deepseek.en.md");
    }

    [Fact]
    public void Coverage_is_one_when_every_content_word_is_in_the_section()
    {
        Search("When did Kuaishou release Kling?", "en")[0].Coverage.ShouldBe(1.0, 1e-6);
    }

    [Fact]
    public void Coverage_is_partial_when_some_words_are_missing_and_low_for_off_topic_questions()
    {
        var partial = Search("Kling football", "en")[0].Coverage;
        partial.ShouldBeGreaterThan(0);
        partial.ShouldBeLessThan(0.5);

        var offTopic = Search("weather in Hanoi tomorrow with rain and football");
        offTopic.ShouldAllBe(h => h.Coverage < 0.3);
    }

    [Fact]
    public void Scores_and_coverage_are_ordered_and_bounded()
    {
        var hits = Search("Nvidia H800 chips for China", null, 10);

        hits.Count.ShouldBeGreaterThan(2);
        hits.Select(h => h.Score).ShouldBeInOrder(SortDirection.Descending);
        hits.ShouldAllBe(h => h.Coverage >= 0 && h.Coverage <= 1 && h.Score > 0);
    }

    [Fact]
    public void Returns_at_most_top_hits()
    {
        Search("2024", null, 3).Count.ShouldBe(3);
        Search("2024", null, 0).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("khi nào thì")]
    [InlineData("what is the")]
    public void A_query_of_only_stop_words_finds_nothing(string text)
    {
        Search(text).ShouldBeEmpty();
    }

    [Fact]
    public void An_empty_index_finds_nothing()
    {
        KnowledgeIndex.Empty.Search(new SearchQuery("Sora")).ShouldBeEmpty();
    }

    [Fact]
    public void A_query_allocates_little()
    {
        var query = new SearchQuery("kiem soat xuat khau chip Nvidia H100 sang Trung Quoc", "vi", 5);
        TestCorpus.Index.Search(query);

        var before = GC.GetAllocatedBytesForCurrentThread();
        TestCorpus.Index.Search(query);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBeLessThan(1_000);
    }

    [Fact]
    public async Task Concurrent_queries_get_the_same_answers()
    {
        var expected = Search("Nvidia H800", "en").Select(h => h.Section.Key).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 200).Select(_ => Search("Nvidia H800", "en").Select(h => h.Section.Key).ToArray()).ToArray())));

        results.SelectMany(r => r).ShouldAllBe(keys => keys.SequenceEqual(expected));
    }
}
