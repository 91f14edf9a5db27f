using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bot.Core.Engine;
using Bot.Core.Language;
using Bot.Core.Messages;
using Bot.Knowledge.Text;

namespace Bot.Host.Cli;

/// <summary>One line of a question set (<c>tests/eval/&lt;topic-folder&gt;.jsonl</c> or <c>out-of-scope.jsonl</c>).</summary>
public sealed record EvalQuestion(
    string Id,
    string Lang,
    string Topic,
    string Question,
    IReadOnlyList<string> ExpectAny,
    IReadOnlyList<string> ExpectSources,
    string Style = "",
    string Split = "")
{
    /// <summary>A question the bot must decline: its <c>expect_any</c> is empty.</summary>
    public bool OutOfScope => ExpectAny.Count == 0;
}

/// <summary>
/// The stable split of a question: <c>test</c> when the first 4 bytes of SHA-256 of the UTF-8 id, read as a big-endian
/// unsigned integer, modulo 100 are below 40; otherwise <c>tune</c>. Questions added later land in a split by
/// themselves, and the bot may be tuned only on the <c>tune</c> split.
/// </summary>
public static class EvalSplit
{
    public const string Tune = "tune";
    public const string Test = "test";

    public static string For(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        var value = ((uint)hash[0] << 24) | ((uint)hash[1] << 16) | ((uint)hash[2] << 8) | hash[3];
        return value % 100 < 40 ? Test : Tune;
    }
}

/// <summary>The ways a question may be typed (PLAN.md "Evaluation question files").</summary>
public static class EvalStyle
{
    /// <summary>An in-domain question wrapped in words such as "ignore", "act as", "bỏ qua": it must be answered.</summary>
    public const string InjectionWords = "injection-words";

    public static readonly IReadOnlyList<string> All =
    [
        "en-plain", "vi-diacritics", "vi-chat", "en-casual", "en-ai", "present", InjectionWords, "keywords",
        "why-how-compare", "chatty", "out-of-scope", "injection",
    ];
}

/// <summary>The goals of issue #11 ("Done when"), in one place: the eval verb prints them, the CI guard uses them.</summary>
public static class EvalGoals
{
    /// <summary>A first reply never exceeds one Discord message; a longer one does not count as correct.</summary>
    public const int MaxReplyChars = 2_000;

    /// <summary>The expected fact should be visible without scrolling: within the reply's first characters.</summary>
    public const int EarlyChars = 300;

    public const double InScopeCorrect = 0.95;
    public const double Declined = 0.97;
    public const double Language = 1.0;
    public const double FactEarly = 0.90;
    public const int MedianChars = 800;
    public const double InjectionWordsAnswered = 1.0;

    /// <summary>How far (in points) the test split may fall below the last recorded number before CI fails.</summary>
    public const double TestSplitDropPoints = 3.0;
}

/// <summary>How the bot did on one question.</summary>
/// <param name="Rendered">The whole reply as <c>answer --jsonl</c> returns it in its <c>answer</c> field.</param>
/// <param name="FactFound">An <c>expect_any</c> wording is in the answer itself (not only in a source line's date).</param>
/// <param name="FactEarly">…and within the reply's first <see cref="EvalGoals.EarlyChars"/> characters.</param>
public sealed record EvalOutcome(
    EvalQuestion Question,
    BotReply? Reply,
    string Rendered,
    bool Answered,
    bool FactFound,
    bool FactEarly,
    bool LanguageOk,
    bool? SourceHit)
{
    public int Length => Rendered.Length;

    /// <summary>In scope: the fact in a reply of at most 2,000 characters. Out of scope: declined.</summary>
    public bool Correct => Question.OutOfScope ? !Answered : FactFound && Length <= EvalGoals.MaxReplyChars;

    public bool CorrectIgnoringLength => Question.OutOfScope ? !Answered : FactFound;
}

/// <summary>The numbers of one group of outcomes (a split, a style, a language, or all).</summary>
public sealed record EvalMetrics(
    int Questions,
    int InScope,
    int Correct,
    int CorrectIgnoringLength,
    int FactEarly,
    int OutOfScope,
    int Declined,
    int LanguageOk,
    int AnsweredInScope,
    int MedianChars,
    int MaxChars,
    int SourceChecked,
    int SourceHit,
    int InjectionWords,
    int InjectionWordsAnswered)
{
    public double InScopeAccuracy => Ratio(Correct, InScope);

    public double InScopeIgnoringLength => Ratio(CorrectIgnoringLength, InScope);

    /// <summary>Share of in-scope questions whose expected fact is within the reply's first 300 characters.</summary>
    public double FactEarlyRate => Ratio(FactEarly, InScope);

    public double DeclinedRate => Ratio(Declined, OutOfScope);

    public double LanguageRate => Ratio(LanguageOk, Questions);

    public double SourceHitRate => Ratio(SourceHit, SourceChecked);

    public double InjectionWordsAnsweredRate => Ratio(InjectionWordsAnswered, InjectionWords);

    public static EvalMetrics From(IEnumerable<EvalOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var all = outcomes.ToList();
        var inScope = all.Where(o => !o.Question.OutOfScope).ToList();
        var lengths = inScope.Where(o => o.Answered).Select(o => o.Length).Order().ToList();
        var sourced = inScope.Where(o => o.SourceHit.HasValue).ToList();
        var injectionWords = inScope.Where(o => o.Question.Style == EvalStyle.InjectionWords).ToList();
        return new EvalMetrics(
            all.Count,
            inScope.Count,
            inScope.Count(o => o.Correct),
            inScope.Count(o => o.CorrectIgnoringLength),
            inScope.Count(o => o.FactEarly),
            all.Count - inScope.Count,
            all.Count(o => o.Question.OutOfScope && o.Correct),
            all.Count(o => o.LanguageOk),
            lengths.Count,
            lengths.Count == 0 ? 0 : lengths[lengths.Count / 2],
            lengths.Count == 0 ? 0 : lengths[^1],
            sourced.Count,
            sourced.Count(o => o.SourceHit == true),
            injectionWords.Count,
            injectionWords.Count(o => o.Answered));
    }

    private static double Ratio(int good, int total) => total == 0 ? 1.0 : (double)good / total;
}

/// <summary>Totals of a run, by split, style and language, with the failures.</summary>
public sealed record EvalReport(IReadOnlyList<EvalOutcome> Outcomes)
{
    public IEnumerable<EvalOutcome> InScope => Outcomes.Where(o => !o.Question.OutOfScope);

    public IEnumerable<EvalOutcome> OutOfScope => Outcomes.Where(o => o.Question.OutOfScope);

    /// <summary>Knowledge files that no question names as its expected source: a warning, never a failure.</summary>
    public IReadOnlyList<string> UnquestionedFiles { get; init; } = [];

    public EvalMetrics All => EvalMetrics.From(Outcomes);

    public double InScopeAccuracy => All.InScopeAccuracy;

    public double OutOfScopeDeclined => All.DeclinedRate;

    public double LanguageAccuracy => All.LanguageRate;

    public double SourceHitRate => All.SourceHitRate;

    public EvalMetrics Split(string split) => EvalMetrics.From(Outcomes.Where(o => o.Question.Split == split));

    /// <summary>Totals per style, over both splits or over <paramref name="split"/> only.</summary>
    public IEnumerable<(string Key, EvalMetrics Metrics)> ByStyle(string? split = null) => Group(o => o.Question.Style, split);

    /// <summary>Totals per language, over both splits or over <paramref name="split"/> only.</summary>
    public IEnumerable<(string Key, EvalMetrics Metrics)> ByLanguage(string? split = null) => Group(o => o.Question.Lang, split);

    private IEnumerable<(string Key, EvalMetrics Metrics)> Group(Func<EvalOutcome, string> key, string? split) =>
        Outcomes.Where(o => split is null || o.Question.Split == split)
            .GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, EvalMetrics.From(g)));
}

/// <summary>Runs a question set through the engine, as the <c>eval</c> verb and the accuracy tests do.</summary>
public static class EvalRunner
{
    /// <summary>The name of the file <c>eval --record</c> writes beside the question files.</summary>
    public const string RecordFileName = "recorded.json";

    /// <summary>The <c>*.jsonl</c> question files of a folder in name order, or the one file given.</summary>
    public static IReadOnlyList<string> Files(string path) =>
        Directory.Exists(path)
            ? [.. Directory.EnumerateFiles(path, "*.jsonl").Order(StringComparer.Ordinal)]
            : [path];

    public static IReadOnlyList<EvalQuestion> Load(string path)
    {
        var questions = new List<EvalQuestion>();
        foreach (var file in Files(path))
        {
            questions.AddRange(LoadFile(file));
        }

        return questions;
    }

    public static async Task<EvalReport> RunAsync(IBotEngine engine, IReadOnlyList<EvalQuestion> questions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(questions);
        var outcomes = new List<EvalOutcome>(questions.Count);
        foreach (var q in questions)
        {
            var reply = await engine.HandleAsync(
                new IncomingMessage("cli", "eval", "eval", q.Id, q.Question, Flags: MessageFlags.Private, Command: "ask"),
                cancellationToken);
            outcomes.Add(Judge(q, reply));
        }

        return new EvalReport(outcomes);
    }

    public static EvalOutcome Judge(EvalQuestion q, BotReply? reply)
    {
        ArgumentNullException.ThrowIfNull(q);
        var answered = reply is { Kind: ReplyKind.Answer };
        var rendered = reply is null ? string.Empty : PlainTextReply.Render(reply);

        // The fact must be in the answer (its text and notes), not only in a source line whose date happens to match.
        var answer = reply is null ? string.Empty : string.Join("\n", reply.Blocks.Concat(reply.Notes));
        var expected = q.ExpectAny.Select(KnowledgeText.Fold).ToList();
        var foldedAnswer = KnowledgeText.Fold(answer);
        var foldedEarly = KnowledgeText.Fold(rendered[..Math.Min(rendered.Length, EvalGoals.EarlyChars)]);
        var factFound = answered && !q.OutOfScope && expected.Any(e => foldedAnswer.Contains(e, StringComparison.Ordinal));
        var factEarly = factFound && expected.Any(e => foldedEarly.Contains(e, StringComparison.Ordinal));

        // The language is judged from the words the user reads, not from the reply's label.
        var detected = LanguageDetector.Detect(answer, fallback: "?");
        var languageOk = detected == q.Lang || string.IsNullOrEmpty(q.Lang);
        bool? sourceHit = q.OutOfScope || q.ExpectSources.Count == 0 || reply is null
            ? null
            : reply.Citations.Any(c => q.ExpectSources.Contains(c.File, StringComparer.Ordinal));
        return new EvalOutcome(q, reply, rendered, answered, factFound, factEarly, languageOk, sourceHit);
    }

    private static List<EvalQuestion> LoadFile(string path)
    {
        var questions = new List<EvalQuestion>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                questions.Add(new EvalQuestion(
                    root.GetProperty("id").ToString(),
                    Text(root, "lang"),
                    Text(root, "topic"),
                    root.GetProperty("question").GetString() ?? "",
                    Strings(root, "expect_any"),
                    Strings(root, "expect_sources"),
                    Text(root, "style"),
                    Text(root, "split")));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{lineNumber}: {ex.Message}", ex);
            }
        }

        return questions;
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";

    private static List<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString() ?? "")]
            : [];
}

/// <summary>
/// The numbers <c>eval --record</c> writes to <c>recorded.json</c> beside the questions; CI compares the test split
/// with them.
/// </summary>
public sealed record EvalRecord(int Questions, EvalMetrics Tune, EvalMetrics Test)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        IgnoreReadOnlyProperties = true,
    };

    public static EvalRecord Of(EvalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new EvalRecord(report.Outcomes.Count, report.Split(EvalSplit.Tune), report.Split(EvalSplit.Test));
    }

    public static EvalRecord? Read(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<EvalRecord>(File.ReadAllText(path), Json) : null;
}

internal static class EvalCommand
{
    private static readonly JsonSerializerOptions ReportJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static async Task<int> RunAsync(
        IBotEngine engine, IEnumerable<string> knowledgeFiles, string path, bool json, bool record, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            await error.WriteLineAsync($"eval: no such file or folder: {path}");
            return 2;
        }

        var questions = EvalRunner.Load(path);
        var report = await EvalRunner.RunAsync(engine, questions, cancellationToken);
        var expected = questions.SelectMany(q => q.ExpectSources).ToHashSet(StringComparer.Ordinal);
        report = report with { UnquestionedFiles = [.. knowledgeFiles.Where(f => !expected.Contains(f)).Order(StringComparer.Ordinal)] };
        await output.WriteAsync(json ? FormatJson(report) : Format(report));
        if (record)
        {
            var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
            var file = Path.Combine(folder, EvalRunner.RecordFileName);
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(EvalRecord.Of(report), EvalRecord.Json) + "\n", cancellationToken);
            await error.WriteLineAsync($"eval: recorded the tune and test numbers in {file}");
        }

        return 0;
    }

    internal static string Format(EvalReport report)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var all = report.All;
        sb.AppendLine(inv, $"questions: {all.Questions} ({all.InScope} in scope, {all.OutOfScope} to decline)");
        sb.AppendLine("correct = an expected wording in the answer and the whole reply <= 2000 chars; first300 = the fact within");
        sb.AppendLine("the reply's first 300 chars (share of in-scope); median/max = reply length over answered in-scope questions");
        sb.AppendLine();
        sb.AppendLine(inv, $"{"",-26} {"in",4} {"correct",8} {"ign-len",8} {"out",4} {"declined",8} {"language",8} {"first300",8} {"median",6} {"max",5} {"source",7} {"inj-w",7}");
        Row(sb, "all", all);
        Row(sb, "split tune", report.Split(EvalSplit.Tune));
        Row(sb, "split test", report.Split(EvalSplit.Test));
        foreach (var split in (string[])[EvalSplit.Tune, EvalSplit.Test])
        {
            foreach (var (style, metrics) in report.ByStyle(split))
            {
                Row(sb, $"{split} style {style}", metrics);
            }

            foreach (var (lang, metrics) in report.ByLanguage(split))
            {
                Row(sb, $"{split} lang {lang}", metrics);
            }
        }

        sb.AppendLine(inv, $"{"goals (#11, tune)",-26} {"",4} {Pct(EvalGoals.InScopeCorrect),8} {"",8} {"",4} {Pct(EvalGoals.Declined),8} {Pct(EvalGoals.Language),8} {Pct(EvalGoals.FactEarly),8} {EvalGoals.MedianChars,6} {EvalGoals.MaxReplyChars,5} {"",7} {Pct(EvalGoals.InjectionWordsAnswered),7}");

        var gap = (report.Split(EvalSplit.Tune).InScopeAccuracy - report.Split(EvalSplit.Test).InScopeAccuracy) * 100;
        if (Math.Abs(gap) > EvalGoals.TestSplitDropPoints)
        {
            sb.AppendLine(inv, $"note: in-scope accuracy differs by {Math.Abs(gap):0.0} points between the tune and test splits, a sign of over-fitting to the tune split");
        }

        foreach (var file in report.UnquestionedFiles)
        {
            sb.AppendLine(inv, $"warning: {file} is the expected source of no question");
        }

        // Only the tune split's failures are shown, so that nobody tunes the bot to the test split.
        var failures = report.Outcomes.Where(o => o.Question.Split != EvalSplit.Test && (!o.Correct || !o.LanguageOk || o.SourceHit == false)).ToList();
        sb.AppendLine(inv, $"tune-split failures: {failures.Count}");
        foreach (var f in failures)
        {
            var cited = f.Reply is null ? "" : string.Join(", ", f.Reply.Citations.Select(c => c.File).Distinct());
            sb.AppendLine(inv, $"  [{f.Question.Id}] ({f.Question.Style}) {Problem(f)}: {f.Question.Question}");
            if (!f.Question.OutOfScope)
            {
                sb.AppendLine(inv, $"      expected {string.Join(" | ", f.Question.ExpectAny)} from {string.Join(", ", f.Question.ExpectSources)}; cited {cited}");
            }
        }

        return sb.ToString();
    }

    internal static string FormatJson(EvalReport report)
    {
        var styles = report.ByStyle().ToDictionary(s => s.Key, s => Numbers(s.Metrics));
        var languages = report.ByLanguage().ToDictionary(s => s.Key, s => Numbers(s.Metrics));
        var bySplit = ((string[])[EvalSplit.Tune, EvalSplit.Test]).ToDictionary(split => split, split => new
        {
            Styles = report.ByStyle(split).ToDictionary(s => s.Key, s => Numbers(s.Metrics)),
            Languages = report.ByLanguage(split).ToDictionary(s => s.Key, s => Numbers(s.Metrics)),
        });
        var failures = report.Outcomes
            .Where(o => o.Question.Split != EvalSplit.Test && (!o.Correct || !o.LanguageOk || o.SourceHit == false))
            .Select(o => new { o.Question.Id, Problem = Problem(o) });
        var document = new
        {
            All = Numbers(report.All),
            Tune = Numbers(report.Split(EvalSplit.Tune)),
            Test = Numbers(report.Split(EvalSplit.Test)),
            Styles = styles,
            Languages = languages,
            BySplit = bySplit,
            Warnings = report.UnquestionedFiles.Select(f => $"{f} is the expected source of no question"),
            TuneFailures = failures,
        };
        return JsonSerializer.Serialize(document, ReportJson) + "\n";
    }

    private static object Numbers(EvalMetrics m) => new
    {
        m.Questions,
        m.InScope,
        InScopeCorrect = Math.Round(m.InScopeAccuracy, 4),
        InScopeIgnoringLength = Math.Round(m.InScopeIgnoringLength, 4),
        FactEarly = Math.Round(m.FactEarlyRate, 4),
        m.OutOfScope,
        Declined = Math.Round(m.DeclinedRate, 4),
        Language = Math.Round(m.LanguageRate, 4),
        m.MedianChars,
        m.MaxChars,
        SourceCited = Math.Round(m.SourceHitRate, 4),
        m.InjectionWords,
        InjectionWordsAnswered = Math.Round(m.InjectionWordsAnsweredRate, 4),
    };

    private static string Problem(EvalOutcome f) =>
        !f.Correct
            ? f.Question.OutOfScope ? "answered a question it should decline"
                : !f.Answered ? "declined"
                : !f.FactFound ? "answer lacks the expected text"
                : $"reply too long ({f.Length} chars)"
            : !f.LanguageOk ? "wrong language" : "expected source not cited";

    private static void Row(StringBuilder sb, string label, EvalMetrics m)
    {
        var inv = CultureInfo.InvariantCulture;
        var inScope = m.InScope > 0;
        sb.AppendLine(inv, $"{label,-26} {m.InScope,4} {(inScope ? Pct(m.InScopeAccuracy) : "-"),8} {(inScope ? Pct(m.InScopeIgnoringLength) : "-"),8} {m.OutOfScope,4} {(m.OutOfScope > 0 ? Pct(m.DeclinedRate) : "-"),8} {Pct(m.LanguageRate),8} {(inScope ? Pct(m.FactEarlyRate) : "-"),8} {m.MedianChars,6} {m.MaxChars,5} {(m.SourceChecked > 0 ? Pct(m.SourceHitRate) : "-"),7} {(m.InjectionWords > 0 ? Pct(m.InjectionWordsAnsweredRate) : "-"),7}");
    }

    private static string Pct(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
