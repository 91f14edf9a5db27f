using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Bot.Core.Admin;
using Bot.Core.Dashboard;
using Bot.Core.Stores;
using Bot.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Bot.Bench.Dashboard;

/// <summary>
/// The 30-day landing page over 100,000 logged questions in SQLite (20% declined, 200 communities): p50/p95 of a full
/// GET of <c>/dashboard?days=30</c> through the HTTP server, for an owner and for a one-guild role moderator.
/// </summary>
internal static partial class DashboardBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // --like-before: the data of the first runs (every gap text alike, so one gap group; no votes), to compare with them.
        var likeBefore = args.Contains("--like-before");
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var questions = numbers.Count > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 100_000;
        const int Communities = 200;
        const int Runs = 50;
        var folder = Path.Combine(Path.GetTempPath(), "bench-dash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var host = await BotTestHost.Create().WithHttp().WithSqlite(Path.Combine(folder, "bot.db"))
                .WithLogLevel(LogLevel.Warning).With("Bot:OwnerIds:0", "telegram:1").With("Bot:ModeratorIds:0", "discord-role:7").StartAsync();
            var log = host.Get<IQuestionLog>();
            var feedback = host.Get<IFeedbackStore>();
            var random = new Random(14);
            var now = DateTimeOffset.UtcNow;
            var fill = Stopwatch.StartNew();
            var votes = 0;
            for (var i = 0; i < questions; i++)
            {
                var community = "g" + (i % Communities).ToString(CultureInfo.InvariantCulture);
                var platform = i % 2 == 0 ? "discord" : "telegram";
                var declined = random.Next(100) < 20;
                var text = random.Next(2000);
                var at = now.AddMinutes(-random.Next(30 * 24 * 60));
                await log.AppendAsync(new QuestionLogEntry(
                    platform, "c" + community, "u" + random.Next(5000), likeBefore ? $"Question {text} about chips and models?" : Distinct(text),
                    random.Next(3) == 0 ? "vi" : "en", !declined, [], at, community, false, declined ? "weak-evidence" : null));
                if (!likeBefore && !declined && i % 20 == 0)
                {
                    // One answer in twenty gets a vote, one vote in four a 👎, on one of 60 files.
                    var file = $"topic-{text % 12}/file-{text % 5}.en.md";
                    await feedback.RecordAsync(new FeedbackEntry(
                        "a" + i, platform, "c" + community, "v" + i, votes++ % 4 == 0 ? FeedbackVote.Down : FeedbackVote.Up, Distinct(text), "answer", [file], at.AddMinutes(1)));
                }
            }

            Console.WriteLine($"filled {questions:N0} questions and {votes:N0} votes in {fill.Elapsed.TotalSeconds:0.0} s{(likeBefore ? " (like before: one gap text shape, no votes)" : "")}");
            await ProfileAsync(host, now.AddDays(-30));
            foreach (var (name, identity) in new[] { ("owner", new DashboardIdentity("telegram:1", null, null, "en")), ("one-guild moderator", new DashboardIdentity("discord:9", "discord-role:7", "g7", "en")) })
            {
                var cookies = new CookieContainer();
                using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
                var link = (await host.Get<DashboardLinks>().IssueAsync(identity))!;
                var form = Hidden().Matches(await client.GetStringAsync(link)).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
                using (await client.PostAsync(new Uri(host.Address.AbsoluteUri + "dashboard/signin"), new FormUrlEncodedContent(form)))
                {
                }

                var page = new Uri(host.Address.AbsoluteUri + "dashboard?days=30");
                for (var i = 0; i < 5; i++)
                {
                    await client.GetStringAsync(page);
                }

                var times = new List<double>();
                for (var i = 0; i < Runs; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var html = await client.GetStringAsync(page);
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (!html.Contains("id=\"total\"", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException("not signed in");
                    }
                }

                times.Sort();
                Console.WriteLine($"{name}: p50 {times[Runs / 2]:0.0} ms, p95 {times[(int)(Runs * 0.95)]:0.0} ms, max {times[^1]:0.0} ms ({Runs} renders)");
            }

            return 0;
        }
        finally
        {
            BotTestHost.DeleteFolder(folder);
        }
    }

    /// <summary>Each read the page makes, timed alone (median and p95 of 20 after 3 warm-ups), for every community and for one.</summary>
    private static async Task ProfileAsync(BotTestHost host, DateTimeOffset since)
    {
        var queries = host.Get<IDashboardQueries>();
        var store = host.Get<IDashboardStore>();
        var health = host.Get<HealthCheckService>();
        var roles = host.Get<Roles>();
        foreach (var (name, community) in new[] { ("every community", (string?)null), ("one community", "g7") })
        {
            var identity = community is null ? new DashboardIdentity("telegram:1", null, null, "en") : new DashboardIdentity("discord:9", "discord-role:7", community, "en");
            var gaps = await queries.GapQuestionsAsync(since, community, 200);
            var parts = new (string Part, Func<Task> Run)[]
            {
                ("question counts", async () => await queries.QuestionCountsAsync(since, community)),
                ("gap questions", async () => await queries.GapQuestionsAsync(since, community, 200)),
                ($"gap grouping ({gaps.Count})", () => Task.FromResult(QuestionGroups.Group(gaps.Select(g => (g.Question, g.Count))))),
                ("handled gaps", async () => await store.HandledGapsAsync(since)),
                ("votes by file", async () => await queries.VotesByFileAsync(since, community)),
                ("disliked", async () => await queries.DislikedAsync(since, community, 20)),
                ("readiness checks", async () => await health.CheckHealthAsync(c => c.Tags.Contains("ready"))),
                ("role re-check", async () => await roles.StillAllowedAsync(identity, CancellationToken.None)),
            };
            foreach (var (part, run) in parts)
            {
                var times = new List<double>();
                for (var i = 0; i < 23; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await run();
                    if (i >= 3)
                    {
                        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }

                times.Sort();
                Console.WriteLine($"  {name,-16} {part,-20} median {times[times.Count / 2],7:0.00} ms  p95 {times[(int)(times.Count * 0.95)],7:0.00} ms");
            }
        }
    }

    /// <summary>
    /// One of 2,000 question texts, 40 subjects times 50 aspects, that share too few terms to group with each other: the
    /// gap grouping meets as many groups as there are texts, its worst case.
    /// </summary>
    private static string Distinct(int n) => $"When did vendor{n % 40} ship model{n % 40} with feature{n / 40} detail{n / 40}?";

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex Hidden();
}
