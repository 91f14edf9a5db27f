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
        var questions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        const int Communities = 200;
        const int Runs = 50;
        var folder = Path.Combine(Path.GetTempPath(), "bench-dash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var host = await BotTestHost.Create().WithHttp().WithSqlite(Path.Combine(folder, "bot.db"))
                .WithLogLevel(LogLevel.Warning).With("Bot:OwnerIds:0", "telegram:1").With("Bot:ModeratorIds:0", "discord-role:7").StartAsync();
            var log = host.Get<IQuestionLog>();
            var random = new Random(14);
            var now = DateTimeOffset.UtcNow;
            var fill = Stopwatch.StartNew();
            for (var i = 0; i < questions; i++)
            {
                var community = "g" + (i % Communities).ToString(CultureInfo.InvariantCulture);
                var declined = random.Next(100) < 20;
                await log.AppendAsync(new QuestionLogEntry(
                    i % 2 == 0 ? "discord" : "telegram", "c" + community, "u" + random.Next(5000), $"Question {random.Next(2000)} about chips and models?",
                    random.Next(3) == 0 ? "vi" : "en", !declined, [], now.AddMinutes(-random.Next(30 * 24 * 60)), community, false, declined ? "weak-evidence" : null));
            }

            Console.WriteLine($"filled {questions:N0} questions in {fill.Elapsed.TotalSeconds:0.0} s");
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
            var parts = new (string Part, Func<Task> Run)[]
            {
                ("question counts", async () => await queries.QuestionCountsAsync(since, community)),
                ("gap questions", async () => await queries.GapQuestionsAsync(since, community, 200)),
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
                Console.WriteLine($"  {name,-16} {part,-17} median {times[times.Count / 2],7:0.00} ms  p95 {times[(int)(times.Count * 0.95)],7:0.00} ms");
            }
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex Hidden();
}
