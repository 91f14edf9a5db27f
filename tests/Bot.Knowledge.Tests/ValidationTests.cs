using System.Text;
using Bot.Knowledge.Loading;
using Bot.Testing;

namespace Bot.Knowledge.Tests;

public class ValidationTests
{
    private const string Path = "sora/launch.vi.md";

    private static string Only(string content)
    {
        var file = KnowledgeFiles.Parse(Path, content);
        file.Document.ShouldBeNull();
        return file.Diagnostics.ShouldHaveSingleItem().ToString();
    }

    [Fact]
    public void Reports_missing_front_matter_on_line_1()
    {
        Only("# Sora\n\n## Launch\n\nText.\n").ShouldStartWith("sora/launch.vi.md:1: missing front matter");
    }

    [Fact]
    public void Reports_unclosed_front_matter_on_line_1()
    {
        Only("---\nid: sora\ntitle: Sora\n\n## Launch\n\nText.\n").ShouldStartWith("sora/launch.vi.md:1: front matter is not closed");
    }

    [Theory]
    [InlineData("title: [Sora launch")]
    [InlineData("title: \"Sora launch")]
    [InlineData("title: Sora: launch")]
    public void Reports_broken_yaml_with_the_line_yamldotnet_reports(string brokenTitle)
    {
        var content = KnowledgeFiles.Valid().Replace("title: Sora launch", brokenTitle, StringComparison.Ordinal);

        Only(content).ShouldStartWith("sora/launch.vi.md:3: broken YAML in front matter:");
    }

    [Fact]
    public void Reports_unknown_lang_with_its_line()
    {
        Only(KnowledgeFiles.Valid(lang: "vn")).ShouldBe("sora/launch.vi.md:4: unknown lang 'vn' (expected en or vi)");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("title")]
    [InlineData("lang")]
    [InlineData("topic")]
    [InlineData("updated")]
    public void Reports_a_missing_required_key_on_line_1(string key)
    {
        var lines = KnowledgeFiles.Valid().Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal));

        Only(string.Join('\n', lines)).ShouldStartWith($"sora/launch.vi.md:1: missing '{key}' in front matter");
    }

    [Fact]
    public void Reports_missing_sources_on_line_1()
    {
        var content = "---\nid: a\ntitle: A\nlang: en\ntopic: t\nupdated: 2024-01-01\n---\n## S\n\nText.\n";

        Only(content).ShouldStartWith("sora/launch.vi.md:1: missing 'sources' in front matter");
    }

    [Fact]
    public void Reports_a_malformed_updated_date_with_its_line()
    {
        Only(KnowledgeFiles.Valid(updated: "2024-02-30")).ShouldStartWith("sora/launch.vi.md:6: malformed date '2024-02-30' for 'updated'");
    }

    [Theory]
    [InlineData("2024-13")]
    [InlineData("15/02/2024")]
    [InlineData("24")]
    public void Reports_a_malformed_source_date_with_its_line(string date)
    {
        var content = KnowledgeFiles.Valid().Replace("date: 2024-02-15", "date: " + date, StringComparison.Ordinal);

        Only(content).ShouldStartWith($"sora/launch.vi.md:9: malformed date '{date}' in source (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    }

    [Theory]
    [InlineData("2024")]
    [InlineData("2024-02")]
    [InlineData("2024-02-29")]
    public void Accepts_source_dates_of_year_month_or_day(string date)
    {
        var content = KnowledgeFiles.Valid().Replace("date: 2024-02-15", "date: " + date, StringComparison.Ordinal);

        KnowledgeFiles.Parse(Path, content).Diagnostics.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("openai.com/sora")]
    [InlineData("ftp://openai.com/sora")]
    public void Reports_a_malformed_url_with_its_line(string url)
    {
        var content = KnowledgeFiles.Valid().Replace("url: https://openai.com/sora", "url: " + url, StringComparison.Ordinal);

        Only(content).ShouldStartWith($"sora/launch.vi.md:10: malformed url '{url}'");
    }

    [Fact]
    public void Reports_a_source_without_title_with_its_line()
    {
        var content = KnowledgeFiles.Valid().Replace("  - title: OpenAI announcement\n    date:", "  - date:", StringComparison.Ordinal);

        Only(content).ShouldStartWith("sora/launch.vi.md:8: source without title");
    }

    [Fact]
    public void Reports_a_file_with_no_sections()
    {
        Only(KnowledgeFiles.Valid(body: "# Sora launch\n")).ShouldStartWith("sora/launch.vi.md:1: no sections");
    }

    [Fact]
    public void Reports_an_empty_section_at_its_heading()
    {
        Only(KnowledgeFiles.Valid(body: "## Launch\n\nText.\n\n## Reception\n\n")).ShouldBe(
            "sora/launch.vi.md:17: empty section 'Reception' (write its text or remove the heading)");
    }

    [Fact]
    public void Reports_text_before_the_first_section_with_its_line()
    {
        Only(KnowledgeFiles.Valid(body: "# Title\n\nStray paragraph.\n\n## Launch\n\nText.\n")).ShouldStartWith(
            "sora/launch.vi.md:15: text before the first section");
    }

    [Fact]
    public void Reports_non_utf8_bytes_at_the_line_of_the_first_bad_byte()
    {
        var good = Encoding.UTF8.GetBytes(KnowledgeFiles.Valid(body: "## Launch\n\nText "));
        byte[] bytes = [.. good, 0xC3, 0x28, .. "\n"u8];

        var file = KnowledgeFileParser.Parse(Path, bytes);

        file.Diagnostics.ShouldHaveSingleItem().ToString().ShouldStartWith("sora/launch.vi.md:16: not valid UTF-8");
    }

    [Fact]
    public void Reports_a_file_over_one_mebibyte()
    {
        var file = KnowledgeFileParser.Parse(Path, new byte[KnowledgeFileParser.MaxFileBytes + 1]);

        file.Diagnostics.ShouldHaveSingleItem().ToString().ShouldStartWith("sora/launch.vi.md:1: file is 1048577 bytes, over the 1 MiB limit");
    }

    [Fact]
    public async Task The_loader_reports_a_file_over_one_mebibyte_without_parsing_it()
    {
        using var folder = new TempKnowledgeFolder();
        folder.Write("big.md", KnowledgeFiles.Valid() + new string('x', KnowledgeFileParser.MaxFileBytes));

        var snapshot = await KnowledgeLoader.LoadAsync(folder.Root);

        snapshot.Diagnostics.ShouldHaveSingleItem().ToString().ShouldStartWith("big.md:1: file is ");
        snapshot.Documents.ShouldBeEmpty();
    }

    [Fact]
    public void Reports_an_invalid_id_with_its_line()
    {
        Only(KnowledgeFiles.Valid(id: "Sora_Launch")).ShouldStartWith("sora/launch.vi.md:2: invalid id 'Sora_Launch'");
    }

    [Fact]
    public async Task Reports_a_duplicate_id_and_lang_on_the_second_file_naming_the_first()
    {
        using var folder = new TempKnowledgeFolder();
        folder.Write("a/first.md", KnowledgeFiles.Valid());
        folder.Write("b/second.md", KnowledgeFiles.Valid());
        folder.Write("b/second.vi.md", KnowledgeFiles.Valid(lang: "vi"));

        var snapshot = await KnowledgeLoader.LoadAsync(folder.Root);

        snapshot.Diagnostics.ShouldHaveSingleItem().ToString().ShouldBe(
            "b/second.md:2: duplicate id 'sora-launch' for lang 'en' (already used by a/first.md; give this file another id or lang)");
        snapshot.Documents.Select(d => d.Path).ShouldBe(["a/first.md", "b/second.vi.md"]);
    }

    [Fact]
    public async Task A_bad_file_does_not_stop_the_others_from_loading()
    {
        using var folder = new TempKnowledgeFolder();
        folder.Write("good.md", KnowledgeFiles.Valid());
        folder.Write("bad.md", KnowledgeFiles.Valid(id: "other", lang: "vn"));

        var snapshot = await KnowledgeLoader.LoadAsync(folder.Root);

        snapshot.Documents.ShouldHaveSingleItem().Path.ShouldBe("good.md");
        snapshot.SectionCount.ShouldBe(1);
        snapshot.Diagnostics.ShouldHaveSingleItem().Path.ShouldBe("bad.md");
    }

    [Fact]
    public async Task Skips_readme_files_and_dot_folders_and_uses_forward_slashes()
    {
        using var folder = new TempKnowledgeFolder();
        folder.Write("README.md", "# How to write knowledge\n");
        folder.Write("sora/readme.MD", "not knowledge");
        folder.Write(".drafts/draft.md", "not knowledge");
        folder.Write("sora/deep/launch.md", KnowledgeFiles.Valid());
        folder.Write("notes.txt", "not knowledge");

        var snapshot = await KnowledgeLoader.LoadAsync(folder.Root);

        snapshot.Diagnostics.ShouldBeEmpty();
        snapshot.Documents.ShouldHaveSingleItem().Path.ShouldBe("sora/deep/launch.md");
    }
}
