using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Testing;

namespace Bot.Bench.Search;

/// <summary>
/// The search suite: for the real knowledge folder and synthetic corpora of 1,000, 10,000 and 100,000 sections,
/// index build time, single-query latency (p50/p99 over many timed queries after warm-up), bytes allocated per query
/// and index memory, for our index and for Lucene.Net on the same sections and queries.
/// </summary>
internal static class SearchBenchmark
{
    private const int Top = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1_000, 10_000, 100_000];
        var rows = new List<Row>();
        var loadBefore = LoadAverage();

        if (Directory.Exists(RepositoryPaths.Knowledge))
        {
            var snapshot = await KnowledgeLoader.LoadAsync(RepositoryPaths.Knowledge);
            var sections = snapshot.Documents.SelectMany(d => d.Sections).ToArray();
            var queries = DevQuestions();
            if (sections.Length > 0 && queries.Count > 0)
            {
                rows.AddRange(Measure($"real knowledge/ ({snapshot.Documents.Count} files)", sections, queries, iterations: 20_000));
            }
        }

        foreach (var size in sizes)
        {
            var sections = SyntheticCorpus.Generate(size);
            var queries = SyntheticCorpus.Queries(sections, 1_000);
            var iterations = size switch { <= 1_000 => 20_000, <= 10_000 => 10_000, _ => 3_000 };
            rows.AddRange(Measure($"synthetic {size:N0}", sections, queries, iterations));
        }

        var report = Report(rows, loadBefore, LoadAverage());
        Console.WriteLine(report);
        var output = Path.Combine(RepositoryPaths.Root, "bench", "results", "search.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report + KeptNotes(output));
        Console.WriteLine($"written to {output}");
        return 0;
    }

    private sealed record Row(
        string Corpus,
        string Engine,
        int Sections,
        double FirstBuildMs,
        double BuildMs,
        long IndexBytes,
        double P50Us,
        double P99Us,
        double MeanUs,
        double BytesPerQuery,
        int Queries);

    private static IEnumerable<Row> Measure(string corpus, IReadOnlyList<KnowledgeSection> sections, IReadOnlyList<(string Text, string Lang)> queries, int iterations)
    {
        Console.Error.WriteLine($"{corpus}: {sections.Count} sections, {queries.Count} distinct queries, {iterations} timed");

        // Ours. First build (cold: the first corpus pays for JIT), then the median of up to 5 more builds (fewer when one
        // takes long): what a reload costs in a running bot.
        var watch = Stopwatch.StartNew();
        KnowledgeIndex.Build(sections);
        var firstBuildMs = watch.Elapsed.TotalMilliseconds;
        var builds = new List<double>();
        while (builds.Count < 5 && (builds.Count == 0 || builds.Sum() < 3_000))
        {
            watch.Restart();
            KnowledgeIndex.Build(sections);
            builds.Add(watch.Elapsed.TotalMilliseconds);
        }

        var buildMs = builds.Order().ElementAt(builds.Count / 2);
        var before = HeapBytes();
        var index = KnowledgeIndex.Build(sections);
        var indexBytes = HeapBytes() - before;
        var searchQueries = queries.Select(q => new SearchQuery(q.Text, q.Lang, Top)).ToArray();
        var ours = Time(i => index.Search(searchQueries[i % searchQueries.Length]).Count, iterations);
        yield return new Row(corpus, "ours", sections.Count, firstBuildMs, buildMs, indexBytes, ours.P50, ours.P99, ours.Mean, ours.Bytes, iterations);
        GC.KeepAlive(index);

        // Lucene.Net on the same sections and queries.
        before = HeapBytes();
        watch.Restart();

        // Lucene is timed like ours: its first build in the process for this corpus (JIT included for the first corpus),
        // then the median of up to 5 warm builds, so first is compared with first and warm with warm.
        using var lucene = new LuceneBaseline(sections);
        var luceneFirstBuildMs = watch.Elapsed.TotalMilliseconds;
        var luceneBytes = HeapBytes() - before;
        var luceneBuilds = new List<double>();
        while (luceneBuilds.Count < 5 && (luceneBuilds.Count == 0 || luceneBuilds.Sum() < 3_000))
        {
            watch.Restart();
            using (new LuceneBaseline(sections))
            {
                luceneBuilds.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        var luceneBuildMs = luceneBuilds.Order().ElementAt(luceneBuilds.Count / 2);
        var luceneIterations = Math.Max(1_000, iterations / 4);
        var theirs = Time(i => lucene.Search(queries[i % queries.Count].Text, Top), luceneIterations);
        yield return new Row(corpus, "Lucene.Net", sections.Count, luceneFirstBuildMs, luceneBuildMs, Math.Max(luceneBytes, lucene.SizeInBytes), theirs.P50, theirs.P99, theirs.Mean, theirs.Bytes, luceneIterations);
    }

    private static (double P50, double P99, double Mean, double Bytes) Time(Func<int, int> run, int iterations)
    {
        var warmup = Math.Min(2_000, iterations);
        for (var i = 0; i < warmup; i++)
        {
            run(i);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var ticks = new long[iterations];
        long allocated = 0;
        for (var i = 0; i < iterations; i++)
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var start = Stopwatch.GetTimestamp();
            run(i);
            ticks[i] = Stopwatch.GetTimestamp() - start;
            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        }

        Array.Sort(ticks);
        double Us(long t) => t * 1_000_000.0 / Stopwatch.Frequency;
        return (Us(ticks[iterations / 2]), Us(ticks[(int)(iterations * 0.99)]), ticks.Average(t => Us(t)), (double)allocated / iterations);
    }

    private static long HeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static List<(string Text, string Lang)> DevQuestions()
    {
        return RepositoryPaths.EvalQuestionLines()
            .Select(l =>
            {
                using var json = JsonDocument.Parse(l);
                return (json.RootElement.GetProperty("question").GetString()!, json.RootElement.GetProperty("lang").GetString()!);
            })
            .ToList();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string Report(List<Row> rows, string loadBefore, string loadAfter)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Search benchmark");
        text.AppendLine();
        text.AppendLine("Written by `dotnet run -c Release --project bench/Bot.Bench -- search`; everything above **Notes** is regenerated on each run.");
        text.AppendLine();
        text.AppendLine(culture, $"Machine: {Environment.ProcessorCount} cores ({CpuModel()}), {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {loadBefore} before, {loadAfter} after (the machine is shared: above 2 the numbers include waiting for a core).");
        text.AppendLine();
        text.AppendLine("Build: for both engines, \"first build\" is the first in the process for that corpus (the real folder runs first and pays for JIT); \"build\" is the median of up to 5 further (warm) builds, what a reload costs. Lucene.Net builds an in-memory `RAMDirectory`, commits and opens a reader. Latency: one query at a time on one thread (analysis + scoring + top 5 + building the hits), timed with `Stopwatch` after warm-up; allocations from `GC.GetAllocatedBytesForCurrentThread`. Index memory: managed heap growth across the build (Lucene: the larger of that and its `RAMDirectory` size).");
        text.AppendLine();
        text.AppendLine("| corpus | engine | sections | first build (ms) | build (ms) | index memory (MiB) | p50 (µs) | p99 (µs) | mean (µs) | bytes/query | timed queries |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(culture, $"| {r.Corpus} | {r.Engine} | {r.Sections:N0} | {r.FirstBuildMs:F1} | {r.BuildMs:F1} | {r.IndexBytes / (1024.0 * 1024):F1} | {r.P50Us:F1} | {r.P99Us:F1} | {r.MeanUs:F1} | {r.BytesPerQuery:N0} | {r.Queries:N0} |");
        }

        text.AppendLine();
        text.AppendLine("Speed-up (Lucene p50 / our p50):");
        text.AppendLine();
        foreach (var pair in rows.GroupBy(r => r.Corpus))
        {
            var ours = pair.Single(r => r.Engine == "ours");
            var lucene = pair.Single(r => r.Engine == "Lucene.Net");
            text.AppendLine(culture, $"- {pair.Key}: {lucene.P50Us / ours.P50Us:F1}× faster at p50, {lucene.P99Us / ours.P99Us:F1}× at p99; first build {lucene.FirstBuildMs / ours.FirstBuildMs:F1}× faster, warm build {lucene.BuildMs / ours.BuildMs:F1}× faster.");
        }

        return text.ToString();
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string KeptNotes(string path)
    {
        if (!File.Exists(path))
        {
            return "\n## Notes\n\n(Write the reading of the numbers here; it is kept across runs.)\n";
        }

        var existing = File.ReadAllText(path);
        var at = existing.IndexOf("\n## Notes", StringComparison.Ordinal);
        return at >= 0 ? existing[at..] : "\n## Notes\n\n(Write the reading of the numbers here; it is kept across runs.)\n";
    }
}
