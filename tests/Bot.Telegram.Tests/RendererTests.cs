using Bot.Core.Messages;

namespace Bot.Telegram.Tests;

public class RendererTests
{
    private static BotReply Reply(IReadOnlyList<string> blocks, string language = "en", IReadOnlyList<Citation>? citations = null, IReadOnlyList<string>? notes = null) =>
        new(blocks, citations ?? [], language, ReplyKind.Answer, "a1", notes ?? []);

    private static readonly Citation Sora = new(
        "sora/sora-launch.en.md",
        "Launch <2024>",
        "launch",
        "Sora & friends",
        new DateOnly(2026, 11, 28),
        [
            new CitedSource("OpenAI \"Sora\" page", "2024-12-09", new Uri("https://openai.com/sora?a=1&b=2")),
            new CitedSource("Print magazine", "2025", null),
        ]);

    [Fact]
    public void Text_is_escaped_and_each_cited_file_is_one_line_with_its_as_of_date_and_one_link()
    {
        var chunk = TelegramRenderer.Render(Reply(["A <b>bold</b> claim & more"], citations: [Sora with { AsOf = new(new DateOnly(2026, 6, 1), false) }])).ShouldHaveSingleItem();

        chunk.Html.ShouldContain("A &lt;b&gt;bold&lt;/b&gt; claim &amp; more");
        chunk.Html.ShouldContain(
            "<b>Sources:</b>\n<b>Sora &amp; friends — Launch &lt;2024&gt;</b>, as of Jun 2026: " +
            "<a href=\"https://openai.com/sora?a=1&amp;b=2\">OpenAI &quot;Sora&quot; page</a> (2024-12-09); Print magazine (2025)");
        chunk.Html.Split("<a ").Length.ShouldBe(2);
        chunk.Html.ShouldNotContain("sora-launch.en.md");
        chunk.Plain.ShouldContain("A <b>bold</b> claim & more");
        chunk.Plain.ShouldContain("Sources:\nSora & friends — Launch <2024>, as of Jun 2026: OpenAI \"Sora\" page (2024-12-09); Print magazine (2025) https://openai.com/sora?a=1&b=2");
    }

    [Fact]
    public void Vietnamese_replies_label_sources_and_dates_in_Vietnamese()
    {
        var chunk = TelegramRenderer.Render(Reply(["Sora là mô hình video."], "vi", [Sora])).ShouldHaveSingleItem();

        chunk.Html.ShouldContain("<b>Nguồn:</b>");
        chunk.Html.ShouldContain(", tính đến 28/11/2026: ");
    }

    [Fact]
    public void Notes_come_after_the_answer_and_before_the_sources()
    {
        var html = TelegramRenderer.Render(Reply(["Answer."], citations: [Sora], notes: ["Question was cut."])).ShouldHaveSingleItem().Html;

        html.IndexOf("Answer.", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("<i>Question was cut.</i>", StringComparison.Ordinal));
        html.IndexOf("<i>Question was cut.</i>", StringComparison.Ordinal).ShouldBeLessThan(html.IndexOf("Sources:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_long_answer_is_split_on_paragraph_boundaries_in_order_within_the_limit()
    {
        var paragraphs = Enumerable.Range(1, 10).Select(i => $"P{i:00} " + new string('x', 500)).ToList();

        var chunks = TelegramRenderer.Render(Reply(paragraphs, citations: [Sora]));

        chunks.Count.ShouldBe(2);
        chunks.ShouldAllBe(c => c.Html.Length <= TelegramRenderer.MaxMessageLength);
        var joined = string.Join("\n\n", chunks.Select(c => c.Plain));
        for (var i = 1; i < 10; i++)
        {
            joined.IndexOf($"P{i:00} ", StringComparison.Ordinal).ShouldBeLessThan(joined.IndexOf($"P{i + 1:00} ", StringComparison.Ordinal));
        }

        chunks.SelectMany(c => c.Plain.Split("\n\n")).Count(p => p.StartsWith('P')).ShouldBe(10);
        chunks[^1].Html.ShouldContain("Sources:");
    }

    [Fact]
    public void One_paragraph_longer_than_the_limit_is_cut_at_spaces_even_when_escaping_grows_it()
    {
        var words = string.Join(' ', Enumerable.Repeat("a&b<c>", 1500));

        var chunks = TelegramRenderer.Render(Reply([words]));

        chunks.Count.ShouldBeGreaterThan(1);
        chunks.ShouldAllBe(c => c.Html.Length <= TelegramRenderer.MaxMessageLength);
        chunks.ShouldAllBe(c => !c.Plain.StartsWith(' ') && c.Plain.Split(' ', StringSplitOptions.None).All(w => w == "a&b<c>"));
        string.Join(' ', chunks.Select(c => c.Plain)).ShouldBe(words);
    }

    [Fact]
    public void An_empty_reply_still_renders_a_message()
    {
        TelegramRenderer.Render(Reply([])).ShouldHaveSingleItem().Html.ShouldNotBeEmpty();
    }
}
