using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Bot.Core;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Host.Cli;
using Bot.Knowledge;
using Bot.Knowledge.Loading;
using Bot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Bench.Answers;

/// <summary>
/// The time of one extractive answer in process on the real knowledge: every question of <c>tests/eval/</c> through
/// the engine (language, normalisation, scope, retrieval, gate, answer, citations), in-memory stores, no model.
/// Writes <c>bench/results/answers.md</c>; the notes below the table are kept across runs.
/// </summary>
internal static class AnswersBenchmark
{
    private const int Rounds = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var output = args.Length > 0 ? args[0] : Path.Combine(RepositoryPaths.Root, "bench", "results", "answers.md");
        var questions = Directory.EnumerateFiles(RepositoryPaths.Eval, "*.jsonl")
            .SelectMany(File.ReadLines)
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("question").GetString() ?? string.Empty)
            .ToList();

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Knowledge:Path"] = RepositoryPaths.Knowledge });
        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        using var app = builder.Build();
        await app.StartAsync();
        await app.Services.GetRequiredService<IKnowledgeBase>().ReloadAsync();
        var engine = app.Services.GetRequiredService<IBotEngine>();

        // Warm-up: one pass (JIT, the language model trained on first use).
        foreach (var q in questions)
        {
            await engine.HandleAsync(Message(q));
        }

        var ticks = new List<long>(questions.Count * Rounds);
        var answered = 0;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var q in questions)
            {
                var start = Stopwatch.GetTimestamp();
                var reply = await engine.HandleAsync(Message(q));
                ticks.Add(Stopwatch.GetTimestamp() - start);
                answered += round == 0 && reply?.Kind == ReplyKind.Answer ? 1 : 0;
            }
        }

        // Accuracy on the same questions, as the eval verb measures it (fresh conversations: each question is its own).
        var report = await EvalRunner.RunAsync(engine, EvalRunner.Load(RepositoryPaths.Eval));
        await app.StopAsync();
        ticks.Sort();
        double Ms(long t) => t * 1_000.0 / Stopwatch.Frequency;
        var p50 = Ms(ticks[ticks.Count / 2]);
        var p99 = Ms(ticks[(int)(ticks.Count * 0.99)]);
        var mean = ticks.Average(t => Ms(t));
        var max = Ms(ticks[^1]);
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Answers benchmark");
        text.AppendLine();
        text.AppendLine("Written by `dotnet run -c Release --project bench/Bot.Bench -- answers`; everything above **Notes** is regenerated on each run.");
        text.AppendLine();
        text.AppendLine(culture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {LoadAverage()} (the machine is shared: above the core count the numbers include waiting for a core).");
        text.AppendLine();
        text.AppendLine("One extractive answer in process: `IBotEngine.HandleAsync` on every question of `tests/eval/` (both splits), real `knowledge/`, in-memory stores, no model, after one warm-up pass; timed with `Stopwatch`, one question at a time.");
        text.AppendLine();
        text.AppendLine("| questions | answered | timed answers | p50 (ms) | p99 (ms) | mean (ms) | max (ms) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        text.AppendLine(culture, $"| {questions.Count:N0} | {answered:N0} | {ticks.Count:N0} | {p50:F3} | {p99:F3} | {mean:F3} | {max:F3} |");
        text.AppendLine();
        AppendAccuracy(text, report);
        text.Append(KeptNotes(output));
        await File.WriteAllTextAsync(output, text.ToString());
        Console.WriteLine(text.ToString());
        return p99 < 5 ? 0 : 1;
    }

    /// <summary>
    /// The accuracy table of the eval verb (issue #11's measures) for all questions, each split, and each style and
    /// language within each split.
    /// </summary>
    private static void AppendAccuracy(StringBuilder text, EvalReport report)
    {
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine("Accuracy on the same questions (`eval tests/eval`): correct = an expected wording in the answer and the whole reply at most 2,000 characters; first 300 = the fact within the reply's first 300 characters; median and max over answered in-scope questions.");
        text.AppendLine();
        text.AppendLine("| group | in scope | correct | to decline | declined | language | first 300 | median | max |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        void Row(string label, EvalMetrics m) => text.AppendLine(culture,
            $"| {label} | {m.InScope} | {Pct(m.InScope, m.InScopeAccuracy)} | {m.OutOfScope} | {Pct(m.OutOfScope, m.DeclinedRate)} | {m.LanguageRate:P1} | {Pct(m.InScope, m.FactEarlyRate)} | {m.MedianChars} | {m.MaxChars} |");
        Row("all", report.All);
        foreach (var split in (string[])[EvalSplit.Tune, EvalSplit.Test])
        {
            Row($"**{split}**", report.Split(split));
            foreach (var (style, metrics) in report.ByStyle(split))
            {
                Row($"{split} · {style}", metrics);
            }

            foreach (var (lang, metrics) in report.ByLanguage(split))
            {
                Row($"{split} · lang {lang}", metrics);
            }
        }

        static string Pct(int count, double rate) => count == 0 ? "–" : rate.ToString("P1", CultureInfo.InvariantCulture);
    }

    private static IncomingMessage Message(string question) =>
        new("cli", "bench", "bench", Guid.NewGuid().ToString("N"), question, Flags: MessageFlags.Private, Command: "ask");

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string KeptNotes(string path)
    {
        const string empty = "\n## Notes\n\n(Write the reading of the numbers here; it is kept across runs.)\n";
        if (!File.Exists(path))
        {
            return empty;
        }

        var existing = File.ReadAllText(path);
        var at = existing.IndexOf("\n## Notes", StringComparison.Ordinal);
        return at >= 0 ? existing[at..] : empty;
    }
}
