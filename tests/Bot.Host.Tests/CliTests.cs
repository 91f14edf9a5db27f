using System.Text.Json;
using Bot.Host.Cli;
using Bot.Knowledge.Loading;
using Bot.Testing;

namespace Bot.Host.Tests;

[Collection(CliCollection.Name)]
public class CliTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(string input, params string[] args)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await BotCli.RunAsync(args, stdin, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Ask_prints_one_cited_answer_in_the_askers_language()
    {
        var (code, output, _) = await RunAsync("", "ask", "Sora ra mắt khi nào?", "--knowledge", RepositoryPaths.Knowledge);
        code.ShouldBe(0);
        output.ShouldContain("15/2/2024");
        output.ShouldContain("Nguồn:");
        output.ShouldMatch(@"\nNguồn:\n.+, tính đến (tháng )?\d{1,2}/\d{1,2}(/\d{4})?");
        output.ShouldNotContain(".md");
    }

    [Fact]
    public async Task Search_shows_what_a_chat_question_would_be_answered_from_with_the_verdict()
    {
        var (code, output, _) = await RunAsync("", "search", "pretend I'm new here: when did sora 2 come out?", "--knowledge", RepositoryPaths.Knowledge, "--Storage:Provider=Memory");
        code.ShouldBe(0);
        output.ShouldStartWith("query language: en; searched: when did sora 2 come out?; verdict: Accepted;");
        output.ShouldContain("sora/sora-2-app.en.md");

        (code, output, _) = await RunAsync("", "search", "thời tiết hà nội mai thế nào", "--knowledge", RepositoryPaths.Knowledge, "--Storage:Provider=Memory");
        code.ShouldBe(0);
        output.ShouldContain("query language: vi;");
        output.ShouldContain("verdict: WeakEvidence;");
    }

    [Fact]
    public async Task Answer_jsonl_writes_one_line_per_input_with_the_contract_fields()
    {
        var input = string.Join('\n',
            """{"id": 1, "question": "When was Sora unveiled?", "extra": true}""",
            """{"id": "b", "question": "thời tiết hà nội mai thế nào"}""",
            """not json""",
            """{"id": 3}""",
            "",
            """{"id": 4, "question": "DeepSeek R1 ra mắt khi nào?"}""");

        var (code, output, errors) = await RunAsync(input, "answer", "--jsonl", "--knowledge", RepositoryPaths.Knowledge);

        code.ShouldBe(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Count.ShouldBe(5);

        lines[0].GetProperty("id").GetInt32().ShouldBe(1);
        lines[0].GetProperty("declined").GetBoolean().ShouldBeFalse();
        lines[0].GetProperty("lang").GetString().ShouldBe("en");
        lines[0].GetProperty("answer").GetString()!.ShouldContain("2024");
        lines[0].GetProperty("sources").EnumerateArray().Select(s => s.GetString()).ShouldContain("sora/sora-reveal.en.md");

        lines[1].GetProperty("id").GetString().ShouldBe("b");
        lines[1].GetProperty("declined").GetBoolean().ShouldBeTrue();
        lines[1].GetProperty("lang").GetString().ShouldBe("vi");
        lines[1].GetProperty("sources").GetArrayLength().ShouldBe(0);

        lines[2].TryGetProperty("error", out _).ShouldBeTrue();
        lines[3].GetProperty("id").GetInt32().ShouldBe(3);
        lines[3].GetProperty("error").GetString()!.ShouldContain("question");
        lines[4].GetProperty("lang").GetString().ShouldBe("vi");
        lines[4].GetProperty("sources").EnumerateArray().ShouldAllBe(s => s.GetString()!.EndsWith(".vi.md"));
        errors.ShouldContain("line 3");
    }

    [Fact]
    public async Task Validate_passes_on_the_repository_knowledge()
    {
        var (code, output, _) = await RunAsync("", "validate", "--knowledge", RepositoryPaths.Knowledge);
        code.ShouldBe(0);
        output.ShouldContain("OK: ");
        output.ShouldNotContain("warning");
        output.ShouldContain("en: ");
        output.ShouldContain("vi: ");
    }

    [Fact]
    public async Task Validate_prints_path_and_line_for_each_problem_and_fails()
    {
        using var folder = TempKnowledgeFolder.CopyOf(RepositoryPaths.Knowledge);
        folder.Write("sora/broken.en.md", "---\nid: broken\ntitle: Broken\nlang: vn\ntopic: sora\nupdated: 2026-11-28\nsources:\n  - title: X\n    date: 2024\n---\n\n## A\n\nText.\n");

        var (code, output, _) = await RunAsync("", "validate", "--knowledge", folder.Root);

        code.ShouldBe(1);
        output.ShouldContain("sora/broken.en.md:4: ");
    }

    [Fact]
    public async Task Validate_passes_an_old_format_file_with_warnings_and_reports_an_unknown_source_key_with_its_line()
    {
        using var folder = new TempKnowledgeFolder();
        const string Old = "---\nid: old\ntitle: Old\nlang: en\ntopic: sora\nupdated: 2026-11-28\nsources:\n  - title: X\n    date: 2024\n---\n\n## A\n\nText.\n";
        folder.Write("sora/old.en.md", Old);

        var (code, output, _) = await RunAsync("", "validate", "--knowledge", folder.Root);

        code.ShouldBe(0);
        output.ShouldContain("sora/old.en.md:6: warning (old format): no 'as_of'");
        output.ShouldContain("sora/old.en.md:12: warning (old format): section 'A' names no sources");
        output.ShouldContain("OK: 1 files");

        folder.Write("sora/old.en.md", Old.Replace("## A", "## A {src=reuters}", StringComparison.Ordinal));
        (code, output, _) = await RunAsync("", "validate", "--knowledge", folder.Root);

        code.ShouldBe(1);
        output.ShouldContain("sora/old.en.md:12: unknown source key 'reuters' in section 'A'");
    }

    [Fact]
    public async Task Validate_reports_a_file_name_that_does_not_match_its_id_lang_or_topic_and_a_missing_twin()
    {
        using var folder = new TempKnowledgeFolder();
        const string File = "---\nid: {0}\ntitle: T\nlang: {1}\ntopic: {2}\nupdated: 2026-11-28\nas_of: 2026-11\nsources:\n  - title: X\n    date: 2024\n    key: x\n---\n\n## A {{src=x}}\n\nText.\n";
        folder.Write("sora/sora-reveal.en.md", string.Format(System.Globalization.CultureInfo.InvariantCulture, File, "other-id", "vi", "video-rivals"));
        folder.Write("sora/sora-launch.en.md", string.Format(System.Globalization.CultureInfo.InvariantCulture, File, "sora-launch", "en", "sora"));

        var (code, output, errors) = await RunAsync("", "validate", "--knowledge", folder.Root);

        code.ShouldBe(1);
        output.ShouldContain("sora/sora-reveal.en.md:2: id 'other-id' does not match the file name 'sora-reveal.en.md'");
        output.ShouldContain("sora/sora-reveal.en.md:4: lang 'vi' does not match the file name 'sora-reveal.en.md'");
        output.ShouldContain("sora/sora-reveal.en.md:5: topic 'video-rivals' does not match the folder 'sora'");
        output.ShouldContain("sora/sora-launch.en.md:4: warning: no Vietnamese twin: add sora/sora-launch.vi.md");
        output.ShouldNotContain("sora/sora-launch.en.md:2:");
        errors.ShouldContain("3 problem(s)");
    }

    [Fact]
    public async Task Validate_stale_warns_about_sections_past_their_review_date_and_still_passes()
    {
        using var folder = new TempKnowledgeFolder();
        folder.Write("sora/s.en.md",
            "---\nid: s\ntitle: S\nlang: en\ntopic: sora\nupdated: 2026-11-28\nas_of: 2026-06\nsources:\n  - title: X\n    date: 2024\n    key: x\n---\n\n" +
            "## Due {src=x review=2026-09-24}\n\nText.\n\n## Later {src=x review=2027-01-10}\n\nMore.\n");
        var knowledge = new FolderKnowledge(folder.Root);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await ValidateCommand.RunAsync(knowledge, clock, stale: true, output, error, CancellationToken.None);

        code.ShouldBe(0);
        output.ToString().ShouldContain("sora/s.en.md:14: warning: section 'Due' was due for review on 2026-09-24");
        output.ToString().ShouldNotContain("'Later'");
        output.ToString().ShouldContain("1 section(s) past their review date");
    }

    [Fact]
    public async Task Console_chat_answers_follows_up_and_quits()
    {
        var (code, output, _) = await RunAsync("Mỹ hạn chế xuất khẩu chip H20 sang Trung Quốc khi nào?\n> còn Huawei thì sao?\n/help\n/quit\n", "chat", "--knowledge", RepositoryPaths.Knowledge);
        code.ShouldBe(0);
        output.ShouldContain("Telegram:Token");
        output.ShouldContain("Huawei");
        output.ShouldContain("/ask");
    }

    [Fact]
    public async Task Unknown_verbs_get_the_usage_and_a_non_zero_exit()
    {
        var (code, _, errors) = await RunAsync("", "frobnicate");
        code.ShouldBe(2);
        errors.ShouldContain("Usage:");
    }

    [Fact]
    public async Task A_bad_setting_stops_with_a_message_naming_the_key()
    {
        var (code, _, errors) = await RunAsync("", "ask", "hi", "--knowledge", RepositoryPaths.Knowledge, "--Bot:MaxQuestionChars=5");
        code.ShouldBe(3);
        errors.ShouldContain("Bot:MaxQuestionChars");
    }
}

/// <summary>A knowledge base that reads a folder on each reload, without watching it.</summary>
internal sealed class FolderKnowledge(string root) : IKnowledgeBase
{
    public KnowledgeSnapshot Current { get; private set; } = null!;

    public event EventHandler<KnowledgeSnapshot>? Reloaded
    {
        add { }
        remove { }
    }

    public async Task<KnowledgeSnapshot> ReloadAsync(CancellationToken cancellationToken = default) =>
        Current = await KnowledgeLoader.LoadAsync(root, cancellationToken);
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection
{
    public const string Name = "cli";
}
