using System.Net;
using Bot.Host.Tests.Telegram;
using Bot.Testing;
using Bot.Testing.Browser;
using Bot.Testing.FakeTelegram;

namespace Bot.Host.Tests.Dashboard;

/// <summary>
/// The dashboard's main path in a real headless Chromium: questions through the fake Telegram, a moderator's
/// <c>/dashboard</c>, a preview crawler's GET, then the browser that loads the link and lands on the data.
/// </summary>
[Collection(TelegramEndToEndCollection.Name)]
public sealed class DashboardBrowserTests(KnowledgeCopy knowledge, ChromiumFixture browser)
    : IClassFixture<KnowledgeCopy>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string Unanswerable = "How many GPUs did the Martian lab buy in 2031?";
    private static readonly FakeUser Moderator = new(42, "Lan", "en");
    private static readonly FakeUser Member = new(43, "Sam", "en");
    private FakeTelegramServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [ChromiumFact]
    public async Task A_moderator_opens_the_link_in_a_browser_and_sees_three_questions_two_answered_one_declined_and_the_gap_and_a_second_browser_cannot_reuse_it()
    {
        await using var host = await BotTestHost.Create()
            .WithTelegram(_fake)
            .WithKnowledge(knowledge.Path)
            .WithHttp()
            .With("Bot:ModeratorIds:0", "telegram:" + Moderator.Id)
            .StartAsync();
        string[] questions = ["When did OpenAI release Sora 2?", "When did OpenAI first show off Sora?", Unanswerable];
        for (var i = 0; i < questions.Length; i++)
        {
            _fake.SendPrivate(Member, questions[i]);
            await _fake.WaitForMessagesAsync(Member.Id, i + 1, TimeSpan.FromSeconds(120));
        }

        _fake.SendPrivate(Moderator, "/dashboard");
        var link = DashboardLinkChecks.Link((await _fake.WaitForMessagesAsync(Moderator.Id, 1, TimeSpan.FromSeconds(120)))[0].Text);

        using (var crawler = new HttpClient(new HttpClientHandler { UseCookies = false }))
        {
            (await crawler.GetAsync(link)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var desktop = await browser.Chromium.NewPageAsync(HeadlessChromium.DesktopWidth);
        await desktop.GoToAsync(link);
        await desktop.WaitForPathAsync("/dashboard");

        (await Number(desktop, "total")).ShouldBe("3");
        (await Number(desktop, "answered")).ShouldBe("2");
        (await Number(desktop, "declined")).ShouldBe("1");
        (await desktop.TextAsync()).ShouldContain(Unanswerable);
        await desktop.ScreenshotAsync("dashboard-desktop");

        // The link was used: a second browser that loads it is not signed in and sees no data.
        await using (var second = await browser.Chromium.NewPageAsync(HeadlessChromium.DesktopWidth))
        {
            await second.GoToAsync(link);
            await second.Page.WaitForNetworkIdleAsync();
            (await second.Page.QuerySelectorAsync("#total")).ShouldBeNull();
            (await second.TextAsync()).ShouldNotContain(Unanswerable);
        }

        await desktop.Page.SetViewportAsync(new PuppeteerSharp.ViewPortOptions { Width = HeadlessChromium.PhoneWidth, Height = 844 });
        await desktop.ScreenshotAsync("dashboard-phone");
        (await desktop.HasHorizontalOverflowAsync()).ShouldBeFalse("the dashboard scrolls sideways at 390 px");
    }

    private static Task<string> Number(BrowserPage page, string id) =>
        page.Page.EvaluateFunctionAsync<string>("id => document.getElementById(id).textContent.trim()", id);
}
