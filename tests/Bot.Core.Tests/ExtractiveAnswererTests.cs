using Bot.Core.Answering;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests;

public class ExtractiveAnswererTests
{
    private static KnowledgeSection Section(string text, string lang = "en", string heading = "Heading", string doc = "doc") => new(
        $"t/{doc}.{lang}.md#a", $"t/{doc}.{lang}.md", doc, "Title", lang, "t", heading, "a", text, 5,
        new DateOnly(2026, 11, 28), [new KnowledgeSource("Src", "2024", null)], [], [], "hash");

    private static ExtractiveAnswerer Answerer(int max = 1000) => new(Options.Create(new BotOptions { MaxAnswerChars = max }));

    [Fact]
    public async Task Opens_with_the_sentence_that_answers_the_question()
    {
        var section = Section("Sora is a video model made by OpenAI. It turns text into clips. OpenAI unveiled Sora on 15 February 2024. Reporters were impressed.");
        var draft = await Answerer().AnswerAsync(new AnswerRequest("When was Sora unveiled?", "en", [new SearchHit(section, 5, 1)], null));

        draft.Declined.ShouldBeFalse();
        draft.Blocks.ShouldHaveSingleItem().ShouldStartWith("OpenAI unveiled Sora on 15 February 2024.");
        draft.Used.ShouldBe([section]);
        draft.Notes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Adds_at_most_two_supporting_sentences()
    {
        var section = Section(string.Join(" ", Enumerable.Range(1, 8).Select(i => $"Sora fact number {i} is here.")));
        var draft = await Answerer().AnswerAsync(new AnswerRequest("Sora facts?", "en", [new SearchHit(section, 5, 1)], null));

        ExtractiveAnswerer.SplitSentences(draft.Blocks.ShouldHaveSingleItem()).Count().ShouldBe(1 + ExtractiveAnswerer.MaxSupporting);
    }

    [Fact]
    public async Task Picks_the_relevant_sentences_of_a_long_section_within_the_budget()
    {
        var filler = string.Join(" ", Enumerable.Range(1, 30).Select(i => $"Filler sentence number {i} talks about unrelated matters."));
        var section = Section(filler + " The H20 chip needed an export licence from April 2025. " + filler);
        var draft = await Answerer(400).AnswerAsync(new AnswerRequest("When did the H20 chip need an export licence?", "en", [new SearchHit(section, 5, 1)], null));
        var text = string.Join("\n", draft.Blocks);
        text.ShouldContain("The H20 chip needed an export licence from April 2025.");
        text.Length.ShouldBeLessThanOrEqualTo(400);
    }

    [Fact]
    public async Task Notes_when_the_answer_comes_from_the_other_language()
    {
        var section = Section("Sora was unveiled on 15 February 2024.");
        var draft = await Answerer().AnswerAsync(new AnswerRequest("Sora ra mắt khi nào?", "vi", [new SearchHit(section, 5, 1)], null));
        draft.Notes.ShouldHaveSingleItem().ShouldContain("tiếng Anh");
    }

    [Fact]
    public async Task Answers_from_the_best_section_only()
    {
        var first = Section("Sora was unveiled on 15 February 2024.", doc: "one");
        var second = Section("Sora 2 was launched on 30 September 2025 with sound.", doc: "two");
        var draft = await Answerer().AnswerAsync(new AnswerRequest("When was Sora launched?", "en",
            [new SearchHit(first, 5, 0.9), new SearchHit(second, 4, 0.85)], null));

        draft.Used.ShouldBe([first]);
        string.Join(" ", draft.Blocks).ShouldNotContain("Sora 2");
    }

    [Fact]
    public void More_continues_with_sentences_not_shown_yet_then_with_a_nearly_as_relevant_section()
    {
        var first = Section("Sora was unveiled on 15 February 2024. It made clips of 60 seconds. Red teamers tested it.", doc: "one");
        var second = Section("Sora 2 was launched on 30 September 2025 with sound.", doc: "two");
        var weak = Section("Kling is a Chinese video model.", doc: "three");
        var hits = new[] { new SearchHit(first, 5, 0.9), new SearchHit(second, 4, 0.8), new SearchHit(weak, 1, 0.2) };

        var draft = Answerer().Continue(hits, new HashSet<string> { first.Path }, "Sora was unveiled on 15 February 2024.", "en");

        var text = draft.Blocks.ShouldHaveSingleItem();
        text.ShouldStartWith("It made clips of 60 seconds. Red teamers tested it.");
        text.ShouldNotContain("15 February 2024");
        text.ShouldContain("Sora 2 was launched");
        text.ShouldNotContain("Kling");
        draft.Used.ShouldBe([first, second]);

        Answerer().Continue(hits, new HashSet<string> { first.Path }, first.Text + " " + second.Text, "en").Declined.ShouldBeTrue();
    }

    [Fact]
    public async Task Declines_without_evidence()
    {
        var draft = await Answerer().AnswerAsync(new AnswerRequest("anything", "en", [], null));
        draft.Declined.ShouldBeTrue();
    }

    [Fact]
    public void Splits_sentences_but_keeps_list_items_whole()
    {
        var sentences = ExtractiveAnswerer.SplitSentences("One sentence. Two sentences! 2024 began.\n- item one. still item\n- item two").ToList();
        sentences.ShouldBe(["One sentence.", "Two sentences!", "2024 began.", "- item one. still item", "- item two"]);
    }
}

public class MoreRequestTests
{
    [Theory]
    [InlineData("tell me more")]
    [InlineData("More please!")]
    [InlineData("more details")]
    [InlineData("go on")]
    [InlineData("chi tiết hơn")]
    [InlineData("chi tiet hon")]
    [InlineData("nói thêm đi bạn")]
    [InlineData("kể thêm nhé")]
    [InlineData("tiếp đi")]
    public void Recognises_a_message_that_only_asks_to_go_on(string text) =>
        Bot.Core.Engine.AnswerFollowUps.IsMore(text).ShouldBeTrue();

    [Theory]
    [InlineData("tell me more about Kling")]
    [InlineData("chi tiết hơn về Sora 2 giá bao nhiêu")]
    [InlineData("more chips were banned in 2023?")]
    [InlineData("When did OpenAI release Sora 2?")]
    public void A_question_that_says_more_than_that_is_a_question(string text) =>
        Bot.Core.Engine.AnswerFollowUps.IsMore(text).ShouldBeFalse();
}
