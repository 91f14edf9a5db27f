using Bot.Knowledge.Loading;

namespace Bot.Knowledge.Tests;

public class ParsingTests
{
    private const string Body = """
        # Sora ra mắt

        ## Ngày ra mắt

        OpenAI giới thiệu **Sora** ngày 15/2/2024, xem [bài viết](https://openai.com/sora).

        ### Chi tiết

        - Video dài tới *60 giây*
        - Từ mô tả văn bản

        Đoạn thứ hai.

        ## Ngày ra mắt

        Trùng tiêu đề.
        """;

    [Fact]
    public void Parses_front_matter_and_sections_with_their_provenance()
    {
        var file = KnowledgeFiles.Parse("sora/launch.vi.md", KnowledgeFiles.Valid(lang: "vi", body: Body, extraFrontMatter: "tags: [sora, video]\naliases:\n  - Sora AI\n"));

        file.Diagnostics.ShouldBeEmpty();
        var document = file.Document.ShouldNotBeNull();
        document.Id.ShouldBe("sora-launch");
        document.Lang.ShouldBe("vi");
        document.Topic.ShouldBe("sora");
        document.Updated.ShouldBe(new DateOnly(2024, 2, 16));
        document.Tags.ShouldBe(["sora", "video"]);
        document.Aliases.ShouldBe(["Sora AI"]);
        var source = document.Sources.ShouldHaveSingleItem();
        source.Title.ShouldBe("OpenAI announcement");
        source.Date.ShouldBe("2024-02-15");
        source.Url.ShouldBe(new Uri("https://openai.com/sora"));

        document.Sections.Count.ShouldBe(2);
        var first = document.Sections[0];
        first.Heading.ShouldBe("Ngày ra mắt");
        first.Anchor.ShouldBe("ngày-ra-mắt");
        first.Key.ShouldBe("sora/launch.vi.md#ngày-ra-mắt");
        first.Line.ShouldBe(18); // 10 front matter lines + 3 extra, closing ---, blank, # title, blank
        first.Path.ShouldBe("sora/launch.vi.md");
        first.DocumentId.ShouldBe("sora-launch");
        first.DocumentTitle.ShouldBe("Sora launch");
        first.Sources.ShouldBe(document.Sources);
        document.Sections[1].Anchor.ShouldBe("ngày-ra-mắt-1");
    }

    [Fact]
    public void Turns_section_markdown_into_plain_text()
    {
        var file = KnowledgeFiles.Parse("sora/launch.vi.md", KnowledgeFiles.Valid(lang: "vi", body: Body));

        file.Document.ShouldNotBeNull().Sections[0].Text.ShouldBe(
            "OpenAI giới thiệu Sora ngày 15/2/2024, xem bài viết.\n\nChi tiết\n\n- Video dài tới 60 giây\n- Từ mô tả văn bản\n\nĐoạn thứ hai.");
    }

    [Fact]
    public void Content_hash_is_the_sha256_of_heading_and_text()
    {
        var section = KnowledgeFiles.Parse("a.md", KnowledgeFiles.Valid()).Document.ShouldNotBeNull().Sections[0];

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(section.Heading + "\n" + section.Text)));
        section.ContentHash.ShouldBe(expected);
    }

    [Fact]
    public void Decomposed_text_is_stored_composed()
    {
        var decomposed = "Xuất khẩu".Normalize(System.Text.NormalizationForm.FormD);
        var file = KnowledgeFiles.Parse("a.md", KnowledgeFiles.Valid(body: $"## {decomposed}\n\nText.\n"));

        file.Document.ShouldNotBeNull().Sections[0].Heading.ShouldBe("Xuất khẩu");
    }

    [Fact]
    public void Ignores_unknown_keys_and_accepts_a_byte_order_mark_and_crlf()
    {
        var content = "\uFEFF" + KnowledgeFiles.Valid(extraFrontMatter: "reviewer: someone\n").Replace("\n", "\r\n", StringComparison.Ordinal);

        var file = KnowledgeFiles.Parse("a.md", content);

        file.Diagnostics.ShouldBeEmpty();
        file.Document.ShouldNotBeNull().Sections[0].Line.ShouldBe(14);
    }

    [Theory]
    [InlineData("Sora: what is it?", "sora-what-is-it")]
    [InlineData("GPU  export controls (2023)", "gpu--export-controls-2023")]
    [InlineData("Xuất khẩu chip", "xuất-khẩu-chip")]
    public void Anchors_are_github_style_slugs(string heading, string anchor)
    {
        KnowledgeFileParser.Slug(heading).ShouldBe(anchor);
    }
}
