using Bot.Knowledge.Model;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests;

public class SubjectTests
{
    // A knowledge of one section about GPT-4.
    private static KnowledgeIndex GptIndex() => KnowledgeIndex.Build([KnowledgeFiles.Parse("llm/gpt.en.md", KnowledgeFiles.Valid(id: "gpt", lang: "en", title: "GPT models", topic: "llm", body: """
        ## GPT-4

        Critics compared the model with OpenAI's GPT-4, released in March 2023, and with Anthropic's Claude.
        """)).Document!]);

    // One section of a small English file "t/notes.en.md", for a knowledge built in the test.
    private static KnowledgeSection Section(string heading, string text) => new(
        $"t/notes.en.md#{heading}", "t/notes.en.md", "notes", "Notes", "en", "t", heading, heading, text, 5,
        new DateOnly(2026, 11, 28), [], [], [], "hash");

    [Theory]
    [InlineData("Nvidia")]
    [InlineData("Sora")]
    [InlineData("Tsinghua")]
    public void Words_the_knowledge_writes_with_a_capital_in_mid_sentence_are_names(string word) =>
        TestCorpus.Index.IsName(word).ShouldBeTrue();

    [Theory]
    [InlineData("chips")]
    [InlineData("video")]
    [InlineData("Several")] // capitalised only where it opens a sentence
    [InlineData("Mistral")] // never used
    [InlineData("June")] // dates a fact: "in June 2024"
    public void Common_words_sentence_openers_and_unknown_words_are_not_names(string word) =>
        TestCorpus.Index.IsName(word).ShouldBeFalse();

    [Fact]
    public void A_section_that_never_mentions_the_named_subject_is_marked_as_lacking_it()
    {
        var hits = TestCorpus.Index.Search(new SearchQuery("What did Nvidia release in June 2024?", "en", 10));

        hits.Single(h => h.Section.Heading == "Kling" && h.Section.Lang == "en").HasSubject.ShouldBeFalse();
        hits.Single(h => h.Section.Heading == "Export versions").HasSubject.ShouldBeTrue();
    }

    [Fact]
    public void The_most_specific_name_is_the_subject()
    {
        // "Sora" is in several sections, "Tsinghua" in one: the Sora sections share a name but not the subject.
        var hits = TestCorpus.Index.Search(new SearchQuery("Was Sora a rival of the Tsinghua video model?", "en", 10));

        hits.Where(h => h.Section.Path.StartsWith("sora/", StringComparison.Ordinal)).ShouldNotBeEmpty();
        hits.Where(h => h.Section.Path.StartsWith("sora/", StringComparison.Ordinal)).ShouldAllBe(h => !h.HasSubject);
        hits.Where(h => h.Section.Heading == "Vidu").ShouldAllBe(h => h.HasSubject);
    }

    [Fact]
    public void A_name_the_knowledge_never_writes_in_lower_case_is_the_subject_when_typed_in_lower_case()
    {
        // "tsinghua" typed as chat types it: still the name the knowledge only ever writes as "Tsinghua".
        var hits = TestCorpus.Index.Search(new SearchQuery("was sora a rival of the tsinghua video model", "en", 10));

        hits.Where(h => h.Section.Path.StartsWith("sora/", StringComparison.Ordinal)).ShouldNotBeEmpty();
        hits.Where(h => h.Section.Path.StartsWith("sora/", StringComparison.Ordinal)).ShouldAllBe(h => !h.HasSubject);
        hits.Where(h => h.Section.Heading == "Vidu").ShouldAllBe(h => h.HasSubject);
    }

    [Fact]
    public void A_name_written_in_lower_case_only_inside_identifiers_is_still_a_name_when_typed_in_lower_case()
    {
        // "deepseek-chat" is an API model name, not prose: it does not make "deepseek" a common word.
        var index = KnowledgeIndex.Build([
            Section("R1", "In January 2025 DeepSeek released R1. Its API names were deepseek-chat and deepseek-reasoner."),
            Section("Kling", "In June 2024 Kuaishou released Kling, a video model."),
        ]);

        index.IsName("deepseek").ShouldBeTrue();
        index.Search(new SearchQuery("when was deepseek r1 released", "en", 10)).ShouldAllBe(h => h.HasSubject == (h.Section.Heading == "R1"));
    }

    [Fact]
    public void An_English_word_the_knowledge_writes_only_inside_names_is_no_subject_when_typed_in_lower_case()
    {
        // "Information" is capitalised in the knowledge only as part of a name; typed in lower case it is the word.
        var index = KnowledgeIndex.Build([
            Section("Users", "The China Internet Network Information Center counted the users of generative AI."),
            Section("Freshness", "These files were last checked on 28 November 2026, so their facts are current to that day."),
        ]);

        index.IsName("information").ShouldBeTrue();
        index.Search(new SearchQuery("how current is your information", "en", 10)).ShouldAllBe(h => h.HasSubject);
    }

    [Theory]
    [InlineData("midjourney video model price")]
    [InlineData("when did elevenlabs release its video model")]
    public void A_lower_case_word_that_is_neither_English_nor_in_the_knowledge_is_a_subject_no_section_has(string question) =>
        TestCorpus.Index.Search(new SearchQuery(question, "en", 10)).ShouldAllBe(h => !h.HasSubject);

    [Theory]
    [InlineData("How much memory does the MI300X have?")]
    [InlineData("Does the S24 make Sora videos?")]
    public void A_product_code_of_a_family_the_knowledge_never_names_is_a_subject_no_section_has(string question) =>
        TestCorpus.Index.Search(new SearchQuery(question, "en", 10)).ShouldAllBe(h => !h.HasSubject);

    [Theory]
    [InlineData("How many Sora videos were made in FY2025?")]
    public void A_year_written_after_letters_is_no_product_code(string question) =>
        TestCorpus.Index.Search(new SearchQuery(question, "en", 10)).ShouldContain(h => h.HasSubject);

    [Theory]
    [InlineData("what is the weather video model")]
    [InlineData("vidu video modle")]
    [InlineData("which video model was vidu suposed to beat")]
    public void An_English_word_or_a_typo_the_knowledge_lacks_names_nothing(string question) =>
        TestCorpus.Index.Search(new SearchQuery(question, "en", 10)).ShouldAllBe(h => h.HasSubject);

    [Fact]
    public void A_short_word_typed_in_lower_case_is_no_subject_even_when_the_knowledge_writes_it_as_a_name()
    {
        // "sora" is four letters: typed in lower case it could be any chat word, so nothing is required of the sections.
        var hits = TestCorpus.Index.Search(new SearchQuery("sora video model", "en", 10));

        hits.ShouldNotBeEmpty();
        hits.ShouldAllBe(h => h.HasSubject);
    }

    [Fact]
    public void A_name_that_opens_the_question_is_its_subject_too()
    {
        var hits = TestCorpus.Index.Search(new SearchQuery("Tsinghua video model, rival to Sora?", "en", 10));

        hits.Where(h => h.Section.Path.StartsWith("sora/", StringComparison.Ordinal)).ShouldNotBeEmpty();
        hits.Where(h => h.Section.Path.StartsWith("sora/", StringComparison.Ordinal)).ShouldAllBe(h => !h.HasSubject);
    }

    [Fact]
    public void A_document_whose_title_names_what_the_question_names_is_marked_however_the_name_is_typed()
    {
        var hits = TestCorpus.Index.Search(new SearchQuery("why did openai kill sora", "en", 10));

        hits.Where(h => h.Section.Path.StartsWith("sora/", StringComparison.Ordinal)).ShouldNotBeEmpty();
        hits.Where(h => h.Section.Path.StartsWith("sora/", StringComparison.Ordinal)).ShouldAllBe(h => h.NamesDocument);
        hits.Where(h => h.Section.Path.StartsWith("video/", StringComparison.Ordinal)).ShouldNotBeEmpty();
        hits.Where(h => h.Section.Path.StartsWith("video/", StringComparison.Ordinal)).ShouldAllBe(h => !h.NamesDocument);
    }

    [Fact]
    public void A_name_only_vietnamese_writes_so_does_not_mark_the_document_it_titles()
    {
        // "Trung Quốc" is a name in the Vietnamese files only (English says "China"); folded, its syllables are
        // everyday Vietnamese ones, so "Mô hình video Trung Quốc" is not about whatever a question says "trung" of.
        var hits = TestCorpus.Index.Search(new SearchQuery("mô hình video trung quốc", "vi", 10));

        hits.Where(h => h.Section.Path == "video/chinese-video.vi.md").ShouldNotBeEmpty();
        hits.ShouldAllBe(h => !h.NamesDocument);
    }

    [Fact]
    public void A_capitalised_word_the_knowledge_never_uses_is_a_subject_no_section_has()
    {
        var hits = TestCorpus.Index.Search(new SearchQuery("When did Mistral release its video model?", "en", 10));

        hits.ShouldNotBeEmpty();
        hits.ShouldAllBe(h => !h.HasSubject);
    }

    [Fact]
    public void An_abbreviation_of_a_word_the_knowledge_uses_is_not_an_unknown_subject()
    {
        var hits = TestCorpus.Index.Search(new SearchQuery("What did Tsinghua show in Apr 2024?", "en"));

        hits[0].Section.Heading.ShouldBe("Vidu");
        hits[0].HasSubject.ShouldBeTrue();
    }

    [Fact]
    public void The_language_twin_counts_for_the_subject()
    {
        // The Vietnamese section says "Thanh Hoa" where its English twin says "Tsinghua".
        var vi = TestCorpus.Documents.Single(d => d.Lang == "vi" && d.Id == "chinese-video").Sections[1];
        vi.Text.ShouldNotContain("Tsinghua");

        var hits = TestCorpus.Index.Search(new SearchQuery("Vidu của Tsinghua ra mắt khi nào?", "vi", 10));

        hits.Single(h => h.Section.Key == vi.Key).HasSubject.ShouldBeTrue();
    }

    [Fact]
    public void A_section_about_one_version_lacks_the_subject_of_a_question_about_another()
    {
        var index = GptIndex();

        index.Search(new SearchQuery("When was GPT-4 released?", "en"))[0].HasSubject.ShouldBeTrue();
        index.Search(new SearchQuery("When was GPT-5 released?", "en"))[0].HasSubject.ShouldBeFalse();
    }

    [Theory]
    [InlineData("when will gpt-5 come out", false)]
    [InlineData("gpt 5 release date?", false)]
    [InlineData("when was gpt-4 released", true)]
    [InlineData("gpt 4 mất 1 tháng để ra mắt à", true)]
    public void A_name_typed_in_lower_case_with_a_version_after_it_needs_that_version(string question, bool found)
    {
        var index = GptIndex();

        index.Search(new SearchQuery(question, "en"))[0].HasSubject.ShouldBe(found);
    }

    [Fact]
    public void A_number_that_counts_a_unit_after_a_name_typed_in_lower_case_is_no_version()
    {
        // "gpt 1 month": one month of GPT, not a GPT-1 the section would have to name.
        var index = GptIndex();

        index.Search(new SearchQuery("price of gpt 1 month", "en"))[0].HasSubject.ShouldBeTrue();
        index.Search(new SearchQuery("price of gpt 1", "en"))[0].HasSubject.ShouldBeFalse();
    }

    [Fact]
    public void A_word_the_knowledge_only_writes_at_the_start_of_sentences_is_a_name_when_the_question_capitalises_it_anywhere()
    {
        var index = KnowledgeIndex.Build([KnowledgeFiles.Parse("gpu/bill.en.md", KnowledgeFiles.Valid(id: "bill", lang: "en", title: "The chip bill", topic: "gpu", body: """
            ## Who backed the bill?

            Microsoft backed the bill in March.

            ## Who opposed the bill?

            Amazon opposed the bill in May.
            """)).Document!]);

        foreach (var question in (string[])["Did the bill get support from Microsoft?", "Microsoft support for the bill?"])
        {
            var hits = index.Search(new SearchQuery(question, "en"));

            hits.Single(h => h.Section.Heading == "Who backed the bill?").HasSubject.ShouldBeTrue();
            hits.Single(h => h.Section.Heading == "Who opposed the bill?").HasSubject.ShouldBeFalse();
        }
    }

    [Fact]
    public void A_tier_joined_to_a_models_code_in_a_title_does_not_mark_the_document_for_another_familys_tier()
    {
        var index = KnowledgeIndex.Build([
            Document("en", "DeepSeek-V4 with V4-Pro and V4-Flash", "Is V4-Pro better than Gemini?", "In April DeepSeek said V4-Pro trailed Google's Gemini 3 Pro, and V4-Flash was cheaper. Developers can buy V4-Pro from DeepSeek."),
            Document("vi", "DeepSeek-V4 với V4-Pro và V4-Flash", "V4-Pro có tốt hơn Gemini không?", "Tháng 4, DeepSeek cho biết V4-Pro kém Gemini 3 Pro của Google, còn V4-Flash rẻ hơn. Nhà phát triển mua V4-Pro từ DeepSeek."),
        ]);

        index.Search(new SearchQuery("is gemini 2.5 pro better than claude for essays", "en")).ShouldAllBe(h => !h.NamesDocument);
        index.Search(new SearchQuery("is deepseek v4 pro better than gemini", "en")).ShouldContain(h => h.NamesDocument);

        static KnowledgeDocument Document(string lang, string title, string heading, string text) =>
            KnowledgeFiles.Parse($"llm/deepseek-v4.{lang}.md", KnowledgeFiles.Valid(id: "deepseek-v4", lang: lang, title: title, topic: "llm", body: $"## {heading}\n\n{text}\n")).Document!;
    }
}
