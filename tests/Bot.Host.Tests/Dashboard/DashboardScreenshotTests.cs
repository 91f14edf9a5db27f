using Bot.Core.Dashboard;
using Bot.Core.Stores;
using Bot.Host.Tests.Telegram;
using Bot.Testing;
using Bot.Testing.Browser;

namespace Bot.Host.Tests.Dashboard;

/// <summary>
/// The landing page over a synthetic week (no real user data) in a real headless Chromium: what it shows, and the
/// desktop screenshot README uses (<c>tests/artifacts/dashboard-week.png</c>, copied to <c>docs/dashboard.png</c>).
/// </summary>
public sealed class DashboardScreenshotTests(KnowledgeCopy knowledge, ChromiumFixture browser)
    : IClassFixture<KnowledgeCopy>, IClassFixture<ChromiumFixture>
{
    private const string Owner = "telegram:1";

    /// <summary>Declined questions, most asked first; the first two are worded twice to show grouping.</summary>
    private static readonly string[] Gaps =
    [
        "When will Sora be available in Vietnam?",
        "when is sora available in vietnam",
        "Giá chip H20 ở Việt Nam bao nhiêu?",
        "Does Kling have an API for developers?",
        "Ai đang dẫn đầu cuộc đua AI ở Trung Quốc năm nay?",
        "How much power does a Huawei Ascend cluster use?",
    ];

    private static readonly string[] Files =
    [
        "sora/sora-launch.en.md", "sora/sora-2-app.vi.md", "gpu-export-controls/h20.en.md", "chinese-llms/deepseek.en.md", "video-rivals/kling.en.md",
    ];

    [ChromiumFact]
    public async Task A_week_of_synthetic_questions_shows_its_counts_gaps_chart_and_votes_at_desktop_width()
    {
        await using var host = await BotTestHost.Create().WithKnowledge(knowledge.Path).WithHttp().With("Bot:OwnerIds:0", Owner).StartAsync();
        var (total, answered) = await FillWeekAsync(host);
        var link = (await host.Get<DashboardLinks>().IssueAsync(new DashboardIdentity(Owner, null, null, "en"))).ShouldNotBeNull();

        await using var page = await browser.Chromium.NewPageAsync(HeadlessChromium.DesktopWidth, 1000);
        await page.GoToAsync(link);
        await page.WaitForPathAsync("/dashboard");

        (await Text(page, "#total")).ShouldBe(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await Text(page, "#answered")).ShouldBe(answered.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var text = await page.TextAsync();
        text.ShouldContain(Gaps[0]);
        text.ShouldNotContain(Gaps[1]); // grouped with the first
        text.ShouldContain("sora/sora-launch.en.md");
        (await page.Page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg rect').length")).ShouldBeGreaterThan(7);
        (await page.HasHorizontalOverflowAsync()).ShouldBeFalse();
        await page.ScreenshotAsync("dashboard-week", fullPage: false);
    }

    /// <summary>Seven days of questions on both platforms (about one in five declined) and votes; returns the totals.</summary>
    private static async Task<(int Total, int Answered)> FillWeekAsync(BotTestHost host)
    {
        var log = host.Get<IQuestionLog>();
        var feedback = host.Get<IFeedbackStore>();
        var random = new Random(14);
        var now = DateTimeOffset.UtcNow;
        var (total, answered) = (0, 0);
        for (var day = 6; day >= 0; day--)
        {
            foreach (var platform in new[] { "telegram", "discord" })
            {
                var count = (platform == "telegram" ? 28 : 18) + random.Next(14) + (6 - day) * 2;
                for (var i = 0; i < count; i++)
                {
                    var at = now.AddDays(-day).AddMinutes(-random.Next(1, 1400)); // within the 7-day window
                    var declined = random.Next(100) < 18;
                    var gap = Gaps[Math.Min(random.Next(Gaps.Length), random.Next(Gaps.Length))]; // the first ones more often
                    var lang = declined ? (gap.Any(c => c > 127) ? "vi" : "en") : random.Next(5) < 2 ? "vi" : "en";
                    await log.AppendAsync(new QuestionLogEntry(
                        platform, platform + "-chat-" + random.Next(4), "u" + random.Next(40), declined ? gap : "An answered question", lang, !declined, [],
                        at, platform + "-community-" + random.Next(3), false, declined ? "weak-evidence" : null));
                    total++;
                    answered += declined ? 0 : 1;
                    if (!declined && random.Next(6) == 0)
                    {
                        var file = Files[random.Next(Files.Length)];
                        var down = random.Next(4) == 0;
                        await feedback.RecordAsync(new FeedbackEntry(
                            $"a{total}", platform, platform + "-chat-0", "v" + total, down ? FeedbackVote.Down : FeedbackVote.Up,
                            down ? "When did OpenAI release Sora to the public?" : "An answered question", "answer", [file], at.AddMinutes(2)));
                    }
                }
            }
        }

        return (total, answered);
    }

    private static Task<string> Text(BrowserPage page, string selector) =>
        page.Page.EvaluateFunctionAsync<string>("s => document.querySelector(s).textContent.trim()", selector);
}
