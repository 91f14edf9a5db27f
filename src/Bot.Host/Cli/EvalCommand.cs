using System.Globalization;
using System.Text;
using System.Text.Json;
using Bot.Core.Engine;
using Bot.Core.Language;
using Bot.Core.Messages;
using Bot.Knowledge.Text;

namespace Bot.Host.Cli;

/// <summary>One line of a question set.</summary>
public sealed record EvalQuestion(string Id, string Lang, string Topic, string Question, IReadOnlyList<string> ExpectAny, IReadOnlyList<string> ExpectSources)
{
    public bool OutOfScope => ExpectAny.Count == 0;
}

/// <summary>How the bot did on one question.</summary>
public sealed record EvalOutcome(EvalQuestion Question, BotReply? Reply, bool Correct, bool LanguageOk, bool? SourceHit)
{
    public string AnswerText => Reply is null ? string.Empty : string.Join("\n", Reply.Blocks);
}

/// <summary>Totals of a run, by language and topic, with the failures.</summary>
public sealed record EvalReport(IReadOnlyList<EvalOutcome> Outcomes)
{
    public IEnumerable<EvalOutcome> InScope => Outcomes.Where(o => !o.Question.OutOfScope);

    public IEnumerable<EvalOutcome> OutOfScope => Outcomes.Where(o => o.Question.OutOfScope);

    public double InScopeAccuracy => Ratio(InScope, o => o.Correct);

    public double OutOfScopeDeclined => Ratio(OutOfScope, o => o.Correct);

    public double LanguageAccuracy => Ratio(Outcomes, o => o.LanguageOk);

    public double SourceHitRate => Ratio(InScope.Where(o => o.SourceHit.HasValue), o => o.SourceHit == true);

    private static double Ratio(IEnumerable<EvalOutcome> items, Func<EvalOutcome, bool> good)
    {
        var list = items.ToList();
        return list.Count == 0 ? 1.0 : (double)list.Count(good) / list.Count;
    }
}

/// <summary>Runs a question set through the engine, as the <c>eval</c> verb and the accuracy tests do.</summary>
public static class EvalRunner
{
    public static IReadOnlyList<EvalQuestion> Load(string path)
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
                    root.TryGetProperty("lang", out var lang) ? lang.GetString() ?? "" : "",
                    root.TryGetProperty("topic", out var topic) ? topic.GetString() ?? "" : "",
                    root.GetProperty("question").GetString() ?? "",
                    Strings(root, "expect_any"),
                    Strings(root, "expect_sources")));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{lineNumber}: {ex.Message}", ex);
            }
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
        var text = reply is null ? string.Empty : string.Join("\n", reply.Blocks);
        var folded = KnowledgeText.Fold(text);
        var correct = q.OutOfScope
            ? !answered
            : answered && q.ExpectAny.Any(e => folded.Contains(KnowledgeText.Fold(e), StringComparison.Ordinal));

        // The language is judged from the words the user reads, not from the reply's label.
        var detected = LanguageDetector.Detect(text, fallback: "?");
        var languageOk = detected == q.Lang || string.IsNullOrEmpty(q.Lang);
        bool? sourceHit = q.OutOfScope || q.ExpectSources.Count == 0 || reply is null
            ? null
            : reply.Citations.Any(c => q.ExpectSources.Contains(c.File, StringComparer.Ordinal));
        return new EvalOutcome(q, reply, correct, languageOk, sourceHit);
    }

    private static List<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.GetString() ?? "")]
            : [];
}

internal static class EvalCommand
{
    public static async Task<int> RunAsync(IBotEngine engine, string path, TextWriter output, CancellationToken cancellationToken)
    {
        var questions = EvalRunner.Load(path);
        var report = await EvalRunner.RunAsync(engine, questions, cancellationToken);
        await output.WriteAsync(Format(report));
        return 0;
    }

    internal static string Format(EvalReport report)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"questions: {report.Outcomes.Count} ({report.InScope.Count()} in scope, {report.OutOfScope.Count()} out of scope)");
        sb.AppendLine(inv, $"in-scope correct:     {Pct(report.InScopeAccuracy)}");
        sb.AppendLine(inv, $"out-of-scope declined: {Pct(report.OutOfScopeDeclined)}");
        sb.AppendLine(inv, $"asker's language:     {Pct(report.LanguageAccuracy)}");
        sb.AppendLine(inv, $"expected source cited: {Pct(report.SourceHitRate)}");
        sb.AppendLine("by language:");
        foreach (var g in report.InScope.GroupBy(o => o.Question.Lang).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(inv, $"  {g.Key}: {g.Count(o => o.Correct)}/{g.Count()} ({Pct((double)g.Count(o => o.Correct) / g.Count())})");
        }

        sb.AppendLine("by topic:");
        foreach (var g in report.InScope.GroupBy(o => o.Question.Topic).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(inv, $"  {g.Key}: {g.Count(o => o.Correct)}/{g.Count()} ({Pct((double)g.Count(o => o.Correct) / g.Count())})");
        }

        var failures = report.Outcomes.Where(o => !o.Correct || !o.LanguageOk || o.SourceHit == false).ToList();
        sb.AppendLine(inv, $"failures: {failures.Count}");
        foreach (var f in failures)
        {
            var what = !f.Correct ? (f.Question.OutOfScope ? "answered an out-of-scope question" : f.Reply?.Kind == ReplyKind.Answer ? "answer lacks the expected text" : "declined")
                : !f.LanguageOk ? "wrong language" : "expected source not cited";
            var cited = f.Reply is null ? "" : string.Join(", ", f.Reply.Citations.Select(c => c.File).Distinct());
            sb.AppendLine(inv, $"  [{f.Question.Id}] {what}: {f.Question.Question}");
            sb.AppendLine(inv, $"      expected {string.Join(" | ", f.Question.ExpectAny)} from {string.Join(", ", f.Question.ExpectSources)}; cited {cited}");
        }

        return sb.ToString();
    }

    private static string Pct(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
