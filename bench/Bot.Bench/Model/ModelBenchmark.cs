using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Bot.Core;
using Bot.Core.Answering;
using Bot.Core.Engine;
using Bot.Core.Llm;
using Bot.Core.Messages;
using Bot.Knowledge;
using Bot.Knowledge.Search;
using Bot.Testing;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Bot.Bench.Model;

/// <summary>
/// The model suite: what the bot adds around the model call in model mode, over the development questions on the real
/// knowledge folder. Parts timed alone (retrieval, prompt building, post-processing), then the whole engine with an
/// in-process model that answers at once (so the total is the bot's own overhead), then the whole engine through the
/// OpenAI connector and the resilient HttpClient to the fake model server on loopback (adds serialisation and HTTP).
/// </summary>
internal static class ModelBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var questions = DevQuestions();
        var rows = new List<Row>();

        using (var app = await StartAsync(endpoint: "http://127.0.0.1:9/v1", inProcessModel: true))
        {
            var retriever = app.Services.GetRequiredService<IKnowledgeRetriever>();
            var top = new List<(string Question, string Lang, IReadOnlyList<SearchHit> Hits)>();
            foreach (var (q, lang) in questions)
            {
                top.Add((q, lang, await retriever.RetrieveAsync(new SearchQuery(q, lang, 8))));
            }

            var answerable = top.Where(t => t.Hits.Count > 0).ToList();
            rows.Add(await MeasureAsync("retrieval (lexical, top 8)", questions, rounds, async x => await retriever.RetrieveAsync(new SearchQuery(x.Question, x.Lang, 8))));
            rows.Add(await MeasureAsync("prompt building (context + ChatHistory)", answerable, rounds, x =>
            {
                var context = LlmPrompts.SelectContext(x.Hits, 6, 8_000);
                _ = LlmPrompts.BuildAnswerHistory(new AnswerRequest(x.Question, x.Lang, x.Hits, null), context);
                return Task.CompletedTask;
            }));
            var replies = answerable.Select(x => (Reply: Reply(x.Lang, x.Hits[0].Section.Text), x.Lang)).ToList();
            rows.Add(await MeasureAsync("post-processing (citations, mentions, leak, language)", replies, rounds, x =>
            {
                _ = AnswerPostProcessor.Process(x.Reply, 4, x.Lang, 3_600, truncated: false);
                return Task.CompletedTask;
            }));

            var engine = app.Services.GetRequiredService<IBotEngine>();
            rows.Add(await MeasureAsync("whole engine, in-process model answering at once", questions, rounds, async x =>
                await engine.HandleAsync(Message(x.Question))));
            await app.StopAsync();
        }

        await using (var server = await FakeOpenAiServer.StartAsync())
        using (var app = await StartAsync(server.Endpoint.ToString(), inProcessModel: false))
        {
            var engine = app.Services.GetRequiredService<IBotEngine>();
            rows.Add(await MeasureAsync("whole engine, OpenAI connector + HTTP to the fake model on loopback", questions, Math.Max(1, rounds / 2), async x =>
                await engine.HandleAsync(Message(x.Question))));
            await app.StopAsync();
        }

        var report = Report(rows, questions.Count, rounds);
        Console.WriteLine(report);
        var output = Path.Combine(RepositoryPaths.Root, "bench", "results", "model.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report + KeptNotes(output));
        Console.WriteLine($"written to {output}");
        return 0;
    }

    private sealed record Row(string Part, int Samples, double P50Us, double P99Us, double MeanUs);

    private static async Task<IHost> StartAsync(string endpoint, bool inProcessModel)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Knowledge:Path"] = RepositoryPaths.Knowledge,
            ["Llm:Endpoint"] = endpoint,
            ["Llm:Model"] = "bench",
        });
        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddLlm(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        if (inProcessModel)
        {
            builder.Services.AddKeyedSingleton<IChatCompletionService>(LlmServiceCollectionExtensions.ChatServiceKey, new InstantModel());
        }

        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    private static IncomingMessage Message(string question) =>
        new("cli", "bench", "bench", Guid.NewGuid().ToString("N"), question, Flags: MessageFlags.Private, Command: "ask");

    private static string Reply(string lang, string text) =>
        (text.Length > 600 ? text[..600] : text) + " [1]" + (lang == "vi" ? " Xem thêm [2] và [9]." : " See also [2] and [9].");

    private static async Task<Row> MeasureAsync<T>(string part, IReadOnlyList<T> items, int rounds, Func<T, Task> action)
    {
        foreach (var item in items)
        {
            await action(item); // warm-up: JIT, caches
        }

        var samples = new List<double>(items.Count * rounds);
        var watch = new Stopwatch();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var item in items)
            {
                watch.Restart();
                await action(item);
                samples.Add(watch.Elapsed.TotalMicroseconds);
            }
        }

        samples.Sort();
        Console.Error.WriteLine($"{part}: {samples.Count} samples");
        return new Row(part, samples.Count, Percentile(samples, 0.50), Percentile(samples, 0.99), samples.Average());
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static List<(string Question, string Lang)> DevQuestions()
    {
        return [.. RepositoryPaths.EvalQuestionLines().Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            return (doc.RootElement.GetProperty("question").GetString() ?? "", doc.RootElement.GetProperty("lang").GetString() ?? "en");
        })];
    }

    private static string Report(List<Row> rows, int questions, int rounds)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Model mode: the bot's overhead around the model call");
        text.AppendLine();
        text.AppendLine(culture, $"`dotnet run -c Release --project bench/Bot.Bench -- model [ROUNDS]` (this run: {rounds} rounds over the {questions} development questions, after one warm-up round; the loopback row uses half the rounds).");
        text.AppendLine(culture, $"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();
        text.AppendLine("| part | samples | p50 | p99 | mean |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(culture, $"| {r.Part} | {r.Samples:N0} | {Format(r.P50Us)} | {Format(r.P99Us)} | {Format(r.MeanUs)} |");
        }

        return text.ToString();
    }

    private static string Format(double us) => us >= 1_000
        ? (us / 1_000).ToString("F2", CultureInfo.InvariantCulture) + " ms"
        : us.ToString("F1", CultureInfo.InvariantCulture) + " µs";

    private static string KeptNotes(string path)
    {
        const string placeholder = "\n## Notes\n\n(Write the reading of the numbers here; it is kept across runs.)\n";
        if (!File.Exists(path))
        {
            return placeholder;
        }

        var existing = File.ReadAllText(path);
        var at = existing.IndexOf("\n## Notes", StringComparison.Ordinal);
        return at >= 0 ? existing[at..] : placeholder;
    }

    /// <summary>A model that answers at once with the first context item's opening, citing it, in the asked language.</summary>
    private sealed class InstantModel : IChatCompletionService
    {
        public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

        public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
        {
            var system = chatHistory[0].Content ?? "";
            var at = system.IndexOf("\n## ", system.IndexOf("[1] ", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
            var start = at < 0 ? 0 : system.IndexOf('\n', at + 1) + 1;
            var end = system.IndexOf('\n', start);
            var text = system[start..(end < 0 ? system.Length : end)] + " [1]";
            IReadOnlyList<ChatMessageContent> reply = [new ChatMessageContent(AuthorRole.Assistant, text)];
            return Task.FromResult(reply);
        }

        public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The benchmark does not stream.");
    }
}
