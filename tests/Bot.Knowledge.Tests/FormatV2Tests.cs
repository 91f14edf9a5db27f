using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Testing;

namespace Bot.Knowledge.Tests;

/// <summary>Knowledge file format v2: <c>as_of</c>, source keys, and per-section <c>{src=... as_of=... review=...}</c>.</summary>
public class FormatV2Tests
{
    private const string Path = "sora/shutdown.en.md";

    // Line 1: ---, 2: id, 3: title, 4: lang, 5: topic, 6: updated, 7: as_of, 8: sources:, 9-11: openai-help,
    // 12-14: cbs, 15-17: wired, 18: ---, 19: blank, 20: first body line.
    private static string File(string body, string asOf = "as_of: 2026-06-30\n", string cbsKey = "cbs", string wiredKey = "wired") =>
        "---\nid: sora-shutdown\ntitle: Sora shutdown\nlang: en\ntopic: sora\nupdated: 2026-11-28\n" + asOf +
        "sources:\n" +
        "  - title: OpenAI Help Center\n    date: 2026-03\n    key: openai-help\n" +
        $"  - title: CBS News\n    date: 2026-03-24\n    key: {cbsKey}\n" +
        $"  - title: Wired\n    date: 2026-04\n    key: {wiredKey}\n" +
        "---\n\n" + body;

    private const string TwoSections =
        "## When does Sora stop working? {src=\"openai-help,cbs\" as_of=2026-06 review=2026-09-24}\n\nThe app closed on 2026-04-26.\n\n" +
        "## Why did it close? {src=wired}\n\nCosts.\n";

    private static ParsedFile Parse(string content) => KnowledgeFiles.Parse(Path, content);

    private static string OnlyError(string content)
    {
        var file = Parse(content);
        file.Document.ShouldBeNull();
        return file.Diagnostics.ShouldHaveSingleItem().ToString();
    }

    private static string OnlyWarning(string content)
    {
        var file = Parse(content);
        file.Diagnostics.ShouldBeEmpty();
        file.Document.ShouldNotBeNull();
        return file.Warnings.ShouldHaveSingleItem().ToString();
    }

    [Fact]
    public void A_v2_file_parses_without_warnings_and_each_section_cites_only_its_own_sources()
    {
        var file = Parse(File(TwoSections));

        file.Diagnostics.ShouldBeEmpty();
        file.Warnings.ShouldBeEmpty();
        var document = file.Document.ShouldNotBeNull();
        document.AsOf.ShouldBe(KnowledgeDate.Of(new DateOnly(2026, 6, 30)));
        document.Updated.ShouldBe(new DateOnly(2026, 11, 28));
        document.Sources.Select(s => s.Key).ShouldBe(["openai-help", "cbs", "wired"]);

        var first = document.Sections[0];
        first.Sources.Select(s => s.Title).ShouldBe(["OpenAI Help Center", "CBS News"]);
        first.AsOf.ShouldBe(new KnowledgeDate(new DateOnly(2026, 6, 1), HasDay: false));
        first.AsOf.ToString().ShouldBe("2026-06");
        first.Review.ShouldBe(new DateOnly(2026, 9, 24));
        first.CitesAllSources.ShouldBeFalse();

        var second = document.Sections[1];
        second.Sources.ShouldHaveSingleItem().Title.ShouldBe("Wired");
        second.AsOf.ShouldBe(document.AsOf);
        second.Review.ShouldBeNull();
    }

    [Fact]
    public void The_attribute_block_is_not_part_of_the_heading_the_anchor_or_the_search_text()
    {
        var document = Parse(File(TwoSections)).Document.ShouldNotBeNull();

        var first = document.Sections[0];
        first.Heading.ShouldBe("When does Sora stop working?");
        first.Anchor.ShouldBe("when-does-sora-stop-working");
        first.Line.ShouldBe(20);
        first.Text.ShouldNotContain("src");
        var index = KnowledgeIndex.Build([document]);
        index.Search(new SearchQuery("openai-help review")).ShouldBeEmpty();
        index.Search(new SearchQuery("stop working")).ShouldNotBeEmpty();
    }

    [Fact]
    public void A_section_is_overdue_only_after_its_review_day()
    {
        var section = Parse(File(TwoSections)).Document.ShouldNotBeNull().Sections[0];

        section.IsOverdue(new DateOnly(2026, 9, 24)).ShouldBeFalse();
        section.IsOverdue(new DateOnly(2026, 9, 25)).ShouldBeTrue();
    }

    [Fact]
    public void An_unknown_source_key_is_an_error_at_the_heading_naming_the_files_keys()
    {
        OnlyError(File("## A {src=\"cbs,reuters\"}\n\nText.\n")).ShouldBe(
            "sora/shutdown.en.md:20: unknown source key 'reuters' in section 'A' (the file's keys: openai-help, cbs, wired)");
    }

    [Fact]
    public void An_empty_src_is_an_error()
    {
        OnlyError(File("## A {src=\"\"}\n\nText.\n")).ShouldStartWith("sora/shutdown.en.md:20: empty src in section 'A'");
    }

    [Fact]
    public void An_unknown_heading_attribute_is_an_error()
    {
        OnlyError(File("## A {src=cbs sources=wired}\n\nText.\n")).ShouldStartWith("sora/shutdown.en.md:20: unknown heading attribute 'sources' in section 'A'");
    }

    [Theory]
    [InlineData("as_of=2026", "as_of")]
    [InlineData("as_of=2026-13", "as_of")]
    [InlineData("review=2026-09", "review")]
    [InlineData("review=24/9/2026", "review")]
    public void A_malformed_section_date_is_an_error(string attribute, string name)
    {
        OnlyError(File($"## A {{src=cbs {attribute}}}\n\nText.\n")).ShouldStartWith($"sora/shutdown.en.md:20: malformed date '{attribute[(name.Length + 1)..]}' for '{name}' in section 'A'");
    }

    [Fact]
    public void A_malformed_file_as_of_is_an_error_at_its_line()
    {
        OnlyError(File(TwoSections, asOf: "as_of: 30/6/2026\n")).ShouldStartWith("sora/shutdown.en.md:7: malformed date '30/6/2026' for 'as_of'");
    }

    [Fact]
    public void A_month_is_enough_for_the_file_as_of()
    {
        Parse(File(TwoSections, asOf: "as_of: 2026-06\n")).Document.ShouldNotBeNull().AsOf.ToString().ShouldBe("2026-06");
    }

    [Theory]
    [InlineData("CBS")]
    [InlineData("-cbs")]
    [InlineData("cbs news")]
    public void An_invalid_source_key_is_an_error_at_its_line(string key)
    {
        OnlyError(File("## A {src=openai-help}\n\nText.\n", cbsKey: $"\"{key}\"", wiredKey: "wired")).ShouldStartWith(
            $"sora/shutdown.en.md:14: invalid source key '{key}'");
    }

    [Fact]
    public void A_duplicate_source_key_is_an_error_naming_the_first_line()
    {
        OnlyError(File(TwoSections, wiredKey: "cbs")).ShouldBe(
            "sora/shutdown.en.md:15: duplicate source key 'cbs' (already used on line 12; keys are unique within a file)");
    }

    [Fact]
    public void A_source_no_section_names_is_a_warning_at_the_source()
    {
        OnlyWarning(File("## A {src=\"openai-help,cbs\"}\n\nText.\n\n## B {src=cbs}\n\nMore.\n")).ShouldBe(
            "sora/shutdown.en.md:15: warning: source 'wired' is not named by any section (add it to the src of the sections it supports, or remove it)");
    }

    [Fact]
    public void Every_section_naming_the_same_full_source_list_is_a_warning()
    {
        var all = "{src=\"openai-help,cbs,wired\"}";
        OnlyWarning(File($"## A {all}\n\nText.\n\n## B {{src=\"wired,cbs,openai-help\"}}\n\nMore.\n")).ShouldBe(
            "sora/shutdown.en.md:20: warning: every section names all 3 sources; name only the sources that support each section");
    }

    [Fact]
    public void One_section_naming_every_source_is_fine()
    {
        Parse(File("## A {src=\"openai-help,cbs,wired\"}\n\nText.\n")).Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Without_as_of_the_file_uses_updated_with_an_old_format_warning()
    {
        var file = Parse(File(TwoSections, asOf: ""));

        file.Warnings.ShouldHaveSingleItem().ToString().ShouldBe(
            "sora/shutdown.en.md:6: warning (old format): no 'as_of' (the date the facts were last checked); using 'updated' (2026-11-28) until you add one");
        var document = file.Document.ShouldNotBeNull();
        document.AsOf.ShouldBe(KnowledgeDate.Of(new DateOnly(2026, 11, 28)));
        document.Sections[1].AsOf.ShouldBe(document.AsOf);
    }

    [Fact]
    public void A_section_without_src_cites_all_sources_with_an_old_format_warning()
    {
        var file = Parse(File("## A {src=\"openai-help,cbs\"}\n\nText.\n\n## B\n\nMore.\n"));

        file.Warnings.ShouldHaveSingleItem().ToString().ShouldBe(
            "sora/shutdown.en.md:24: warning (old format): section 'B' names no sources (add {src=\"key1,key2\"} to its heading); it cites all 3 of the file's sources");
        var section = file.Document.ShouldNotBeNull().Sections[1];
        section.CitesAllSources.ShouldBeTrue();
        section.Sources.Count.ShouldBe(3);
    }

    [Fact]
    public void A_source_without_key_is_an_old_format_warning_at_the_source()
    {
        var content = File("## A {src=\"openai-help,wired\"}\n\nText.\n").Replace("    key: cbs\n", "", StringComparison.Ordinal);

        OnlyWarning(content).ShouldStartWith("sora/shutdown.en.md:12: warning (old format): source 'CBS News' has no 'key'");
    }

    [Fact]
    public void An_old_format_file_still_loads_with_compatibility_warnings_only()
    {
        var file = KnowledgeFiles.Parse(Path, KnowledgeFiles.Valid());

        file.Diagnostics.ShouldBeEmpty();
        file.Document.ShouldNotBeNull().Sections.ShouldHaveSingleItem().Sources.ShouldHaveSingleItem();
        file.Warnings.ShouldAllBe(w => w.Severity == KnowledgeSeverity.Compatibility);
        file.Warnings.Count.ShouldBe(3); // as_of, the source's key, the section's src
    }

    [Fact]
    public async Task The_snapshot_carries_warnings_apart_from_errors_and_lists_overdue_sections()
    {
        using var folder = new TempKnowledgeFolder();
        folder.Write("sora/shutdown.en.md", File(TwoSections));
        folder.Write("sora/launch.en.md", KnowledgeFiles.Valid());

        var snapshot = await KnowledgeLoader.LoadAsync(folder.Root);

        snapshot.Diagnostics.ShouldBeEmpty();
        snapshot.Warnings.ShouldAllBe(w => w.Path == "sora/launch.en.md");
        snapshot.Overdue(new DateOnly(2026, 12, 2)).ShouldHaveSingleItem().Heading.ShouldBe("When does Sora stop working?");
        snapshot.Overdue(new DateOnly(2026, 9, 1)).ShouldBeEmpty();
    }
}

public class KnowledgeGuideTests
{
    [Fact]
    public void The_complete_example_in_the_knowledge_guide_is_a_valid_v2_file_without_warnings()
    {
        var guide = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryPaths.Knowledge, "README.md"));
        var start = guide.IndexOf("### A complete example file", StringComparison.Ordinal);
        var open = guide.IndexOf("```markdown\n", start, StringComparison.Ordinal) + "```markdown\n".Length;
        var example = guide[open..guide.IndexOf("\n```", open, StringComparison.Ordinal)] + "\n";

        var file = KnowledgeFiles.Parse("sora/sora-example.en.md", example);

        file.Diagnostics.ShouldBeEmpty();
        file.Warnings.ShouldBeEmpty();
        var sections = file.Document.ShouldNotBeNull().Sections;
        sections.Count.ShouldBe(3);
        sections[1].Review.ShouldBe(new DateOnly(2026, 9, 24));
        sections[1].Sources.ShouldHaveSingleItem().Key.ShouldBe("openai-help");
    }
}
