using Bot.Core.Messages;
using Bot.Discord.Rendering;
using Bot.Discord.Tests.Support;

namespace Bot.Discord.Tests;

public sealed class RendererTests
{
    [Fact]
    public void A_short_answer_is_one_message_with_sources_and_feedback_buttons()
    {
        var messages = DiscordRenderer.Render(FakeEngine.Answer("Sora launched in December 2024."));

        var message = messages.ShouldHaveSingleItem();
        message.Content.ShouldBe(
            "Sora launched in December 2024.\n\n**Sources:**\n" +
            "**Sora and its rivals — Launch**, as of 1 Mar 2026: [OpenAI: Sora](<https://openai.com/sora>) (2024-02); A newspaper (2025)");
        message.Embeds.ShouldBeNull();
        message.Components!.ToJsonString().ShouldContain("fb:up:ans123");
        message.Components!.ToJsonString().ShouldContain("fb:down:ans123");
        message.Components!.ToJsonString().ShouldContain("\"custom_id\":\"src\"");
        message.ToJson()["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
    }

    [Fact]
    public void A_long_answer_is_split_on_paragraph_boundaries_in_order()
    {
        var paragraphs = Enumerable.Range(0, 10).Select(i => $"P{i} " + new string('x', 595)).ToList();
        var messages = DiscordRenderer.Render(FakeEngine.Answer(string.Join("\n\n", paragraphs)));

        messages.Count.ShouldBe(4);
        messages.ShouldAllBe(m => m.Content!.Length <= DiscordRenderer.MaxContent);
        string.Join("\n\n", messages.Select(m => m.Content)).ShouldStartWith(string.Join("\n\n", paragraphs) + "\n\n**Sources:**\n");
        messages.Take(3).ShouldAllBe(m => m.Embeds == null && m.Components == null);
    }

    [Fact]
    public void A_paragraph_longer_than_a_message_is_cut_at_sentences_or_spaces()
    {
        var sentence = "DeepSeek released a model that matched frontier results at a fraction of the cost. ";
        var text = string.Concat(Enumerable.Repeat(sentence, 80)).Trim();

        var chunks = DiscordRenderer.Split([text]);

        chunks.Count.ShouldBeGreaterThan(3);
        chunks.ShouldAllBe(c => c.Length <= DiscordRenderer.MaxContent);
        chunks.Take(chunks.Count - 1).ShouldAllBe(c => c.EndsWith('.'));
        string.Join(" ", chunks).ShouldBe(text);
    }

    [Fact]
    public void An_emoji_is_never_cut_in_half()
    {
        var text = string.Concat(Enumerable.Repeat("🚀", 3000));

        var chunks = DiscordRenderer.Split([text]);

        chunks.ShouldAllBe(c => c.Length <= DiscordRenderer.MaxContent && !char.IsHighSurrogate(c[c.Length - 1]) && !char.IsLowSurrogate(c[0]));
        string.Concat(chunks).ShouldBe(text);
    }

    [Fact]
    public void A_code_block_cut_between_messages_is_closed_and_reopened()
    {
        var code = "```\n" + string.Join("\n", Enumerable.Range(0, 300).Select(i => $"line {i:000} of the listing")) + "\n```";

        var chunks = DiscordRenderer.Split([code]);

        chunks.Count.ShouldBeGreaterThan(1);
        chunks.ShouldAllBe(c => (c.Split("```").Length - 1) % 2 == 0);
        chunks.ShouldAllBe(c => c.Length <= DiscordRenderer.MaxContent);
    }

    [Theory]
    [InlineData("hi @everyone", "@everyone")]
    [InlineData("hi @here now", "@here")]
    [InlineData("ping <@123456789012345678>", "<@123456789012345678>")]
    [InlineData("ping <@!123456789012345678>", "<@!123456789012345678>")]
    [InlineData("role <@&123456789012345678>", "<@&123456789012345678>")]
    [InlineData("channel <#123456789012345678>", "<#123456789012345678>")]
    public void User_text_can_never_form_a_mention(string text, string mention)
    {
        var rendered = DiscordRenderer.Render(new BotReply([text], [], "en", ReplyKind.Declined, "x", [text])).Single();

        rendered.Content!.ShouldNotContain(mention);
        rendered.Content!.Replace("\u200B", "", StringComparison.Ordinal).ShouldContain(mention);
    }

    [Fact]
    public void Markdown_in_knowledge_text_passes_through()
    {
        var rendered = DiscordRenderer.Render(FakeEngine.Answer("**Sora 2** is _faster_ and `cheaper`; see > quotes.", [])).Single();

        rendered.Content.ShouldBe("**Sora 2** is _faster_ and `cheaper`; see > quotes.");
    }

    [Fact]
    public void Citations_show_no_file_paths_at_most_two_publications_and_escape_markdown_and_mentions()
    {
        var sources = Enumerable.Range(0, 8).Select(i => new CitedSource($"Source_{i} [x] @everyone", "2025-01", new Uri($"https://example.com/{i}"))).ToList();
        var citations = new[] { new Citation("gpu/h20.en.md", "Rules", "rules", "H20 *rules*", new DateOnly(2025, 1, 2), sources) };

        var content = DiscordRenderer.Render(FakeEngine.Answer("text", citations)).Single().Content!;

        content.ShouldNotContain("h20.en.md");
        content.ShouldContain("**H20 \\*rules\\* — Rules**, as of 2 Jan 2025: [Source\\_0 (x) @\u200Beveryone](<https://example.com/0>) (2025-01); Source\\_1 (x) @\u200Beveryone (2025-01)");
        content.ShouldNotContain("Source\\_2");
        content.Split("https://").Length.ShouldBe(2);
    }

    [Fact]
    public void Vietnamese_replies_label_the_date_in_Vietnamese_and_declines_get_no_buttons()
    {
        var reply = new BotReply(["Tôi chưa biết điều đó."], [FakeEngine.SampleCitation()], "vi", ReplyKind.Declined, "ans9", []);

        var message = DiscordRenderer.Render(reply).Single();

        message.Content!.ShouldContain("**Nguồn:**\n**Sora and its rivals — Launch**, tính đến 1/3/2026: ");
        message.Components.ShouldBeNull();
    }
}
