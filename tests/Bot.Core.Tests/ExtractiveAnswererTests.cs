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

    // The reply's one block for a question asked of one section, with the question's intent, on a roomy budget.
    private static string Opening(KnowledgeSection section, string question) =>
        ExtractiveAnswerer.AnswerFirst(section, Terms(question), 1000, Bot.Core.Language.QuestionIntent.Recognise(question)).ShouldHaveSingleItem();

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
            [new SearchHit(first, 5, 0.9), new SearchHit(second, 3, 0.85)], null));

        draft.Used.ShouldBe([first]);
        string.Join(" ", draft.Blocks).ShouldNotContain("Sora 2");
    }

    [Fact]
    public void More_continues_with_sentences_not_shown_yet_of_the_cited_file_only()
    {
        var first = Section("Sora was unveiled on 15 February 2024. It made clips of 60 seconds. Red teamers tested it.", doc: "one");
        var sameFile = Section("Yes. Sora 2 was launched on 30 September 2025 with sound.", heading: "Did Sora get a successor?", doc: "one") with { Key = "t/one.en.md#b", Anchor = "b" };
        var otherFile = Section("Nvidia opened an office in Hanoi in 2024.", doc: "three");
        var hits = new[] { new SearchHit(first, 5, 0.9), new SearchHit(otherFile, 4.8, 0.9), new SearchHit(sameFile, 4, 0.8) };

        var draft = Answerer().Continue(hits, new HashSet<string> { first.Path }, "Sora was unveiled on 15 February 2024.", "en");

        var text = draft.Blocks.ShouldHaveSingleItem();
        text.ShouldStartWith("It made clips of 60 seconds. Red teamers tested it.");
        text.ShouldNotContain("15 February 2024");
        text.ShouldContain("Sora 2 was launched");
        text.ShouldNotContain("Yes.");
        text.ShouldNotContain("Hanoi");
        draft.Used.ShouldBe([first, sameFile]);

        Answerer().Continue(hits, new HashSet<string> { first.Path }, first.Text + " " + sameFile.Text, "en").Declined.ShouldBeTrue();
    }

    [Fact]
    public void Opens_with_the_sentence_holding_the_rare_word_the_question_asks_about()
    {
        // "nvidia", "h20" and "chip" are in every section about the H20; "memory" names what is asked.
        var section = Section("The Nvidia H20 chip is the AI chip Nvidia made for China. The H20 chip has 96 GB of memory. Nvidia sold the H20 chip widely.");
        var rarity = new Dictionary<string, double> { ["nvidia"] = 0.5, ["h20"] = 0.8, ["chip"] = 0.3, ["memory"] = 4.0 };
        var blocks = ExtractiveAnswerer.AnswerFirst(section, Terms("Nvidia H20 chip memory?"), 1000, rarity: t => rarity.GetValueOrDefault(t, 1.0));

        blocks.ShouldHaveSingleItem().ShouldStartWith("The H20 chip has 96 GB of memory.");
    }

    [Fact]
    public async Task Prefers_a_sentence_with_a_date_for_a_when_question()
    {
        var section = Section("Baidu released Ernie 4.5 as a multimodal model. Baidu released Ernie 4.5 on 16 March 2025.");
        var draft = await Answerer().AnswerAsync(new AnswerRequest("When did Baidu release Ernie 4.5?", "en", [new SearchHit(section, 5, 1)], null,
            Bot.Core.Language.QuestionIntent.Recognise("When did Baidu release Ernie 4.5?")));

        draft.Blocks.ShouldHaveSingleItem().ShouldStartWith("Baidu released Ernie 4.5 on 16 March 2025.");
    }

    [Fact]
    public async Task A_yes_no_question_opens_with_the_bare_reply_its_section_gives_to_the_same_question()
    {
        var section = Section("It could not be confirmed. Huawei planned the Ascend 950DT for Q4 2026. In April 2026 Huawei showed 950 supernodes.",
            heading: "Did Huawei ship the Ascend 950DT as planned?");
        const string question = "Has Huawei shipped the Ascend 950DT yet?";
        var draft = await Answerer().AnswerAsync(new AnswerRequest(question, "en", [new SearchHit(section, 5, 1)], null, Bot.Core.Language.QuestionIntent.Recognise(question)));

        draft.Blocks.ShouldHaveSingleItem().ShouldStartWith("It could not be confirmed. Huawei planned the Ascend 950DT");
    }

    [Fact]
    public async Task A_bare_reply_to_a_heading_about_another_name_does_not_open_the_answer()
    {
        var section = Section("Reports differ. The list of 31 August 2023 named Baichuan and Zhipu AI but not Alibaba.",
            heading: "Was Alibaba in the first batch of approved chatbots?");
        const string question = "Was Zhipu in the first batch of approved chatbots?";
        var draft = await Answerer().AnswerAsync(new AnswerRequest(question, "en", [new SearchHit(section, 5, 1)], null, Bot.Core.Language.QuestionIntent.Recognise(question)));

        draft.Blocks.ShouldHaveSingleItem().ShouldStartWith("The list of 31 August 2023");
    }

    [Fact]
    public async Task A_bare_reply_never_answers_a_question_that_asks_about_something_its_section_does_not_say()
    {
        var section = Section("Yes. In its paper DeepSeek said it owned Nvidia A100 GPUs, which it used in early experiments. Its final runs used H800 chips.",
            heading: "Did DeepSeek use Nvidia A100 chips?");
        const string question = "is deepseek safe to use";
        var draft = await Answerer().AnswerAsync(new AnswerRequest(question, "en", [new SearchHit(section, 5, 1)], null, Bot.Core.Language.QuestionIntent.Recognise(question)));

        var text = draft.Blocks.ShouldHaveSingleItem();
        text.ShouldStartWith("In its paper DeepSeek said");
        text.ShouldNotContain("Yes.");
    }

    [Theory]
    [InlineData("what is vidu", "What is Vidu and when was it unveiled?")]
    [InlineData("Vidu?", "What is Vidu and when was it unveiled?")]
    [InlineData("tell me about vidu", "What is Vidu and when was it unveiled?")]
    [InlineData("what is vidu s1", null)]
    [InlineData("when was vidu unveiled", null)]
    [InlineData("what is the latest vidu", null)]
    [InlineData("what is vidu's architecture", null)]
    public void A_question_that_only_names_a_thing_is_answered_by_the_section_that_says_what_it_is(string question, string? heading)
    {
        KnowledgeSection In(string h, string text) => Section(text, heading: h, doc: "vidu");
        var sections = new[]
        {
            In("What is Vidu S1?", "Vidu S1 is a real-time video model."),
            In("Can people outside China use Vidu?", "Yes, through its website."),
            In("What is Vidu and when was it unveiled?", "Vidu is a video model made by Shengshu and Tsinghua University."),
            In("What is the cameo feature of the Vidu app and how does it work?", "A cameo puts you in a Vidu clip."),
        };
        var document = new KnowledgeDocument("t/vidu.en.md", "vidu", "Vidu: Shengshu's video model", "en", "t", new DateOnly(2026, 11, 28), [], [], [], sections);
        var hits = new[] { new SearchHit(sections[0], 5, 1) { HasSubject = true } };

        var chosen = ExtractiveAnswerer.WhatItIs(hits, question, Bot.Core.Language.QuestionIntent.Recognise(question), [document]);

        chosen?.Section.Heading.ShouldBe(heading);
        (chosen is null).ShouldBe(heading is null);
    }

    [Fact]
    public async Task A_message_asking_two_questions_gets_the_sentence_that_answers_the_second_too()
    {
        var section = Section("Moore Threads listed in Shanghai on 5 December 2025 after a long wait for the regulator. " +
            "Moore Threads sold its IPO shares at 114.28 yuan each and raised 8 billion yuan, one of the largest offerings of the year in mainland China. " +
            "On its first trading day the Moore Threads share rose about 425%, the largest first-day gain for a large IPO since 2019.");
        const string question = "When did Moore Threads list, and how much was the IPO price?";
        var draft = await new ExtractiveAnswerer(Options.Create(new BotOptions { MaxAnswerChars = 200 })).AnswerAsync(
            new AnswerRequest(question, "en", [new SearchHit(section, 5, 1)], null, Bot.Core.Language.QuestionIntent.Recognise(question)));

        var text = draft.Blocks.ShouldHaveSingleItem();
        text.ShouldContain("5 December 2025");
        text.ShouldContain("114.28 yuan");
    }

    [Fact]
    public void Follows_a_sentence_that_introduces_a_list_with_the_list()
    {
        var section = Section("The H20 is a China chip. Its main specs:\n- 96 GB of HBM3 memory;\n- 4.0 TB/s bandwidth;\n- 296 TFLOPS of FP8.\n\nIt sold well.");
        var blocks = ExtractiveAnswerer.AnswerFirst(section, Terms("H20 main specs"), 1000);

        // "Its" points back: the sentence it belongs to comes first.
        blocks.ShouldHaveSingleItem().ShouldBe("The H20 is a China chip. Its main specs:\n- 96 GB of HBM3 memory;\n- 4.0 TB/s bandwidth;\n- 296 TFLOPS of FP8.");
    }

    [Fact]
    public void Answers_from_the_section_of_the_best_file_whose_heading_is_the_question_asked()
    {
        // Both sections come from one file and share its subject; retrieval ranks the reaction first by a little.
        var reaction = Section("When OpenAI cut off API access from China in July 2024, Baidu and Zhipu offered free tokens.", heading: "How did Baidu and Zhipu respond to OpenAI's API block?", doc: "openai");
        var block = Section("OpenAI began blocking API traffic from mainland China on 9 July 2024.", heading: "When did OpenAI block its API in China?", doc: "openai") with { Key = "t/openai.en.md#b", Anchor = "b" };
        var question = "when did openai start blocking API access from china";
        var hits = new[] { new SearchHit(reaction, 10, 0.7), new SearchHit(block, 9, 0.6) };

        var chosen = ExtractiveAnswerer.ChooseSection(hits, question, Terms(question), Bot.Core.Language.QuestionIntent.Recognise(question), null);

        chosen.Section.ShouldBe(block);
    }

    [Fact]
    public void Answers_from_another_files_section_whose_heading_is_the_question_asked_when_it_names_the_subject()
    {
        var first = Section("OpenAI's partners in China reacted to its API block with free tokens.", heading: "How did Chinese AI firms court OpenAI's developers?", doc: "one");
        var other = Section("OpenAI blocked its API in China on 9 July 2024.", heading: "When did OpenAI block its API in China?", doc: "two");
        var question = "when did openai block its api in china";
        var hits = new[] { new SearchHit(first, 10, 0.7), new SearchHit(other, 9.5, 0.7) };

        ExtractiveAnswerer.ChooseSection(hits, question, Terms(question), Bot.Core.Language.QuestionIntent.Recognise(question), null).Section.ShouldBe(other);
    }

    [Fact]
    public void Keeps_retrievals_choice_when_the_other_files_section_does_not_name_the_subject()
    {
        var first = Section("Sora Pro cost US$200 a month at launch.", heading: "How much did Sora cost at launch?", doc: "one");
        var other = Section("Qwen3-Max is Alibaba's largest model, with a Max plan.", heading: "What is Alibaba's Qwen3-Max plan?", doc: "two");
        var question = "Sora AI Pro plan max resolution?";
        var hits = new[] { new SearchHit(first, 5.1, 0.5), new SearchHit(other, 5.2, 0.5) { HasSubject = false } };

        ExtractiveAnswerer.ChooseSection(hits, question, Terms(question), Bot.Core.Language.QuestionIntent.Recognise(question), null).Section.ShouldBe(first);
    }

    [Fact]
    public void Passes_over_a_section_whose_heading_is_about_another_version_of_the_model_asked_about()
    {
        var newer = Section("Baidu previewed Ernie 5.0 in November 2025, after Ernie 4.5.", heading: "When did Baidu release Ernie 5.0?", doc: "ernie");
        var asked = Section("On 16 March 2025 Baidu released Ernie 4.5 and Ernie X1.", heading: "What are Ernie 4.5 and Ernie X1?", doc: "ernie") with { Key = "t/ernie.en.md#b", Anchor = "b" };
        var question = "minimax m1 parameters";
        var m2 = Section("MiniMax-M2 has 230 billion parameters, 10 billion active.", heading: "What is MiniMax-M2 and how many parameters does it have?", doc: "minimax");
        var m1 = Section("MiniMax-M1 has 456 billion parameters.", heading: "What is MiniMax-M1?", doc: "minimax") with { Key = "t/minimax.en.md#b", Anchor = "b" };

        Choose([new SearchHit(newer, 17, 1), new SearchHit(asked, 16, 1)], "When did Baidu release Ernie 4.5 and X1?").ShouldBe(asked);
        Choose([new SearchHit(m2, 14, 0.6), new SearchHit(m1, 9, 0.5)], question).ShouldBe(m1);
        Choose([new SearchHit(m2, 14, 0.6), new SearchHit(m1, 9, 0.5)], "minimax m2 parameters").ShouldBe(m2);

        static KnowledgeSection Choose(SearchHit[] hits, string question) =>
            ExtractiveAnswerer.ChooseSection(hits, question, Terms(question), Bot.Core.Language.QuestionIntent.Recognise(question), null).Section;
    }

    [Fact]
    public void A_question_for_the_newest_model_gets_the_section_about_the_highest_version_of_the_family()
    {
        var lawsuit = Section("As of December 2026 the Hailuo lawsuit was still going.", heading: "What is the status of the Hailuo lawsuit?", doc: "hailuo");
        var older = Section("Hailuo 02 came out in June 2025.", heading: "What is Hailuo 02?", doc: "hailuo") with { Key = "t/hailuo.en.md#b", Anchor = "b" };
        var newer = Section("Hailuo 2.3 is the newest video model.", heading: "What is Hailuo 2.3?", doc: "hailuo") with { Key = "t/hailuo.en.md#c", Anchor = "c" };
        var hits = new[] { new SearchHit(lawsuit, 9, 1), new SearchHit(older, 8, 1), new SearchHit(newer, 7, 1) };

        Choose("what's the newest hailuo video model").ShouldBe(newer);
        Choose("hailuo mới nhất bây giờ là bản gì?").ShouldBe(newer);
        Choose("is the hailuo model still around now?").ShouldBe(lawsuit);

        KnowledgeSection Choose(string question) =>
            ExtractiveAnswerer.ChooseSection(hits, question, Terms(question), Bot.Core.Language.QuestionIntent.Recognise(question), null).Section;
    }

    [Fact]
    public void Keeps_a_section_whose_heading_names_another_version_when_its_text_covers_the_one_asked()
    {
        var later = Section("Kling 2.1 came in May 2025, Kling 2.6 in December 2025.", heading: "Which Kling versions came after Kling 2.0?", doc: "kling");
        var first = Section("Kuaishou launched Kling in June 2024.", heading: "What is Kling?", doc: "kling") with { Key = "t/kling.en.md#b", Anchor = "b" };
        var question = "when did kling 2.6 come out";

        ExtractiveAnswerer.ChooseSection([new SearchHit(later, 9, 1), new SearchHit(first, 8.8, 1)], question, Terms(question), Bot.Core.Language.QuestionIntent.Recognise(question), null).Section.ShouldBe(later);
    }

    [Fact]
    public void Answers_a_question_about_a_period_with_the_events_of_that_period_from_every_section_of_the_timeline()
    {
        var early = Section("- 2024-02-15: Sora unveiled.\n- 2025-09-30: Sora 2 launched.", heading: "Sora 2024-2025", doc: "timeline");
        var late = Section("- 2025-11-04: Sora app on Android.\n- 2026-03-24: Sora discontinued.", heading: "Sora 2025-2026", doc: "timeline") with { Key = "t/timeline.en.md#b" };

        var events = ExtractiveAnswerer.Timeline([early, late], early, Terms("Give me a timeline of Sora in 2025"), 400);

        events.Select(e => e.Item).ShouldBe(["- 2025-09-30: Sora 2 launched.", "- 2025-11-04: Sora app on Android."]);
        events.Select(e => e.Section).Distinct().ShouldBe([early, late]);
    }

    [Fact]
    public async Task Answers_a_how_much_question_that_names_a_year_with_its_figure_not_a_list_of_events()
    {
        var timeline = Section("Kling earned RMB 300 million in the third quarter of 2025.\n\n- 2025-05-29: Kling 2.1.\n- 2025-09-23: Kling 2.5 Turbo.", doc: "kling");
        var question = "How much did Kling earn in 2025?";
        var draft = await Answerer().AnswerAsync(new AnswerRequest(question, "en", [new SearchHit(timeline, 5, 1)], null, Bot.Core.Language.QuestionIntent.Recognise(question)));

        draft.Blocks.ShouldHaveSingleItem().ShouldStartWith("Kling earned RMB 300 million");
    }

    [Fact]
    public async Task Answers_a_question_about_the_present_with_the_sections_latest_fact()
    {
        var section = Section("The gallium ban suspension began on 9 November 2025. It was a MOFCOM notice. Whether the gallium ban suspension was extended after 27 November 2026 could not be confirmed.");
        var question = "is the gallium ban suspension still in place now?";
        var draft = await Answerer().AnswerAsync(new AnswerRequest(question, "en", [new SearchHit(section, 5, 1)], null, Bot.Core.Language.QuestionIntent.Recognise(question)));

        draft.Blocks.ShouldHaveSingleItem().ShouldStartWith("Whether the gallium ban suspension was extended");
    }

    [Fact]
    public async Task An_opening_sentence_that_points_back_comes_with_the_sentence_it_points_to()
    {
        var section = Section("Sora launched in 2024. The rule applies to any company headquartered in China. This closed what was called a subsidiary loophole. It was not retroactive.");
        var draft = await Answerer().AnswerAsync(new AnswerRequest("subsidiary loophole", "en", [new SearchHit(section, 5, 1)], null));

        var text = draft.Blocks.ShouldHaveSingleItem();
        text.ShouldStartWith("The rule applies to any company headquartered in China. This closed what was called a subsidiary loophole.");
        text.Split("headquartered").Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_why_question_hears_the_sections_cause_even_when_it_is_worded_apart_from_the_question()
    {
        var section = Section("Sora app downloads dropped 32% in December 2025. In January 2026 the Sora app fell out of the top 100 free apps. Reports linked the decline to competition from Gemini and Vibes.");
        var question = "Why did people stop downloading the Sora app?";
        var draft = await Answerer().AnswerAsync(new AnswerRequest(question, "en", [new SearchHit(section, 5, 1)], null, Bot.Core.Language.QuestionIntent.Recognise(question)));

        draft.Blocks.ShouldHaveSingleItem().ShouldContain("Reports linked the decline to competition");
    }

    [Fact]
    public async Task A_question_about_the_present_hears_the_latest_fact_even_when_it_shares_few_words_with_the_question()
    {
        var section = Section("On 9 November 2025 China suspended its gallium ban on the US. Exporters still needed a licence. Whether China extended the suspension after 27 November 2026 could not be confirmed.");
        var question = "is china's gallium ban on the us still suspended now?";
        var draft = await Answerer().AnswerAsync(new AnswerRequest(question, "en", [new SearchHit(section, 5, 1)], null, Bot.Core.Language.QuestionIntent.Recognise(question)));

        draft.Blocks.ShouldHaveSingleItem().ShouldContain("after 27 November 2026 could not be confirmed");
    }

    [Fact]
    public void Opens_with_the_sentence_naming_what_is_asked_rather_than_one_repeating_the_questions_phrase()
    {
        var section = Section("When the AI label rules took effect, platforms moved. WeChat asked creators to declare AI content; Douyin said it traced AI material through metadata. Developers added notices.");
        var question = "how did wechat and douyin handle the AI label rules";

        // As in the knowledge: the names are rare words, the phrase's pairs rarer still.
        static double Rarity(string term) => term.Contains('_', StringComparison.Ordinal) ? 9 : term is "wechat" or "douyin" ? 5 : 2;
        var blocks = ExtractiveAnswerer.AnswerFirst(section, Terms(question), 1000, Bot.Core.Language.QuestionIntent.Recognise(question), Rarity);

        blocks.ShouldHaveSingleItem().ShouldStartWith("WeChat asked creators");
    }

    [Fact]
    public void Opens_with_the_sentence_that_says_what_is_asked_of_the_sections_subject_not_the_one_that_restates_the_subject()
    {
        var section = Section(
            "The Affiliates Rule of the BIS, issued on 29 September 2025, covers companies half owned by listed entities. " +
            "A later BIS rule suspended it from 10 November 2025.",
            heading: "What is the Affiliates Rule of the BIS?");
        var question = "When was the BIS Affiliates Rule suspended?";

        Opening(section, question).ShouldStartWith("A later BIS rule suspended it from 10 November 2025.");
    }

    [Fact]
    public void A_list_item_that_answers_comes_under_the_sentence_that_introduces_its_list_and_leads_the_list()
    {
        var section = Section(
            "Sora launched on 9 December 2024. At the launch, Sora came with a ChatGPT subscription:\n" +
            "- ChatGPT Plus (US$20 a month): clips at up to 720p;\n" +
            "- ChatGPT Pro (US$200 a month): clips at up to 1080p, without a watermark.");
        var question = "Sora Pro plan watermark?";

        Opening(section, question).ShouldBe(
            "At the launch, Sora came with a ChatGPT subscription:\n" +
            "- ChatGPT Pro (US$200 a month): clips at up to 1080p, without a watermark;\n" +
            "- ChatGPT Plus (US$20 a month): clips at up to 720p.");
    }

    [Fact]
    public void An_introduction_that_says_nothing_on_its_own_comes_after_the_sentence_before_it()
    {
        var section = Section(
            "On 13 January 2025 the BIS issued the AI Diffusion rule. It:\n" +
            "- sorted countries into three tiers;\n" +
            "- controlled the export of the weights of closed AI models.");
        var question = "Which closed model weights were controlled?";

        Opening(section, question).ShouldStartWith(
            "On 13 January 2025 the BIS issued the AI Diffusion rule. It:\n" +
            "- controlled the export of the weights of closed AI models;\n");
    }

    [Fact]
    public void A_question_about_the_end_of_a_period_opens_with_the_latest_date_even_one_to_come()
    {
        var section = Section(
            "On 9 November 2025 China suspended its ban on gallium exports to the US. " +
            "The suspension of the gallium ban runs until 27 November 2027, a year after the facts were checked.");
        var question = "until when is the gallium ban suspended?";

        Opening(section, question).ShouldStartWith("The suspension of the gallium ban runs until 27 November 2027");
    }

    [Fact]
    public void The_best_supporting_sentence_is_kept_when_it_runs_past_the_budget_and_a_shorter_one_would_fit()
    {
        var section = Section(
            "Under the AI Diffusion rule each tier-2 country had a quota of 790 million units of total processing performance for 2025 to 2027. " +
            "Converted into Nvidia H100 chips, the research firm MIDF estimated the quota at about 49,899 chips, or 99,798 if doubled. " +
            "The rule was rescinded in May 2025.");
        var question = "under the AI Diffusion rule how many H100 chips could a tier-2 country buy";

        var blocks = ExtractiveAnswerer.AnswerFirst(section, Terms(question), 160, Bot.Core.Language.QuestionIntent.Recognise(question));

        blocks.ShouldHaveSingleItem().ShouldContain("49,899");
    }

    private static HashSet<string> Terms(string text) => new(Bot.Knowledge.Text.KnowledgeText.Terms(text), StringComparer.Ordinal);

    [Fact]
    public async Task Declines_without_evidence()
    {
        var draft = await Answerer().AnswerAsync(new AnswerRequest("anything", "en", [], null));
        draft.Declined.ShouldBeTrue();
    }

    [Fact]
    public void Does_not_end_a_sentence_at_initials_or_a_common_abbreviation()
    {
        var sentences = ExtractiveAnswerer.SplitSentences("H.R. 8152 passed the U.S. House. Notice No. 70 paused it. Warner Bros. Discovery sued. Then Mr. Lawler spoke.").ToList();
        sentences.ShouldBe(["H.R. 8152 passed the U.S. House.", "Notice No. 70 paused it.", "Warner Bros. Discovery sued.", "Then Mr. Lawler spoke."]);
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
