using System.Net;
using System.Text.RegularExpressions;
using Bot.Core.Dashboard;
using Bot.Core.Diagnostics;
using Bot.Core.Stores;
using Bot.Testing;

namespace Bot.Host.Tests.Dashboard;

/// <summary>The moderators' dashboard through the composed host and its HTTP server, with plain HTTP clients.</summary>
public sealed partial class DashboardEndToEndTests : IAsyncLifetime
{
    private const string Owner = "telegram:1";
    private const string Role = "discord-role:555";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dash-" + Guid.NewGuid().ToString("N"));
    private BotTestHost _host = null!;

    private string Db => Path.Combine(_folder, "bot.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _host = await Host().StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        BotTestHost.DeleteFolder(_folder);
    }

    private BotTestHost.Builder Host() =>
        BotTestHost.Create().WithHttp().WithSqlite(Db).With("Bot:OwnerIds:0", Owner).With("Bot:ModeratorIds:0", Role);

    [Fact]
    public async Task Opening_the_link_does_not_use_up_the_token_and_only_the_first_post_signs_in()
    {
        var link = await LinkAsync(new DashboardIdentity(Owner, null, null, "en"));

        using var crawler = new HttpClient(new HttpClientHandler { UseCookies = false });
        for (var i = 0; i < 2; i++)
        {
            using var preview = await crawler.GetAsync(link);
            preview.StatusCode.ShouldBe(HttpStatusCode.OK);
            var cookies = preview.Headers.TryGetValues("Set-Cookie", out var set) ? string.Join(';', set) : "";
            cookies.ShouldNotContain("bot.dashboard="); // the antiforgery cookie at most, never a sign-in
        }

        var browser = new Browser(_host.Address);
        (await browser.SignInAsync(link)).ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync("dashboard")).ShouldContain("id=\"total\"");

        var second = new Browser(_host.Address);
        (await second.SignInAsync(link)).ShouldBe(HttpStatusCode.BadRequest);
        var page = await second.GetAsync("dashboard");
        page.ShouldNotContain("id=\"total\"");
        page.ShouldContain("/dashboard");
    }

    [Fact]
    public async Task Without_a_sign_in_the_page_explains_how_to_sign_in_and_shows_no_data()
    {
        await LogAsync("How many GPUs did the lab buy in 2031?", answered: false, community: "g1");

        var page = await new Browser(_host.Address).GetAsync("dashboard");

        page.ShouldContain("private chat");
        page.ShouldNotContain("GPUs did the lab");
        page.ShouldNotContain("id=\"total\"");
    }

    [Fact]
    public async Task A_removed_moderator_loses_access_at_the_next_request()
    {
        var moderators = _host.Get<IModeratorStore>();
        await moderators.AddAsync(new ModeratorEntry("telegram:7", Owner, DateTimeOffset.UtcNow));
        var browser = new Browser(_host.Address);
        await browser.SignInAsync(await LinkAsync(new DashboardIdentity("telegram:7", null, null, "en")));
        (await browser.GetAsync("dashboard")).ShouldContain("id=\"total\"");

        await moderators.RemoveAsync("telegram:7");

        var page = await browser.GetAsync("dashboard");
        page.ShouldNotContain("id=\"total\"");
        page.ShouldContain("signed out");
    }

    [Fact]
    public async Task A_cross_site_post_without_the_antiforgery_token_is_refused_and_uses_nothing_up()
    {
        var link = await LinkAsync(new DashboardIdentity(Owner, null, null, "en"));
        var token = link.Query.Split('=')[1];
        using var attacker = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var forged = await attacker.PostAsync(new Uri(_host.Address, "dashboard/signin"), new FormUrlEncodedContent([new("token", token), new("__af", "forged")]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var browser = new Browser(_host.Address);
        (await browser.SignInAsync(link)).ShouldBe(HttpStatusCode.SeeOther);
        using var handled = await browser.Client.PostAsync(new Uri(_host.Address, "dashboard/gaps/handled"), new FormUrlEncodedContent([new("group", "abc")]));
        handled.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_logged_question_with_script_tags_renders_inert()
    {
        await LogAsync("<script>alert(1)</script> and </text><script>alert(2)</script> in 2031?", answered: false, community: "g1");
        var browser = new Browser(_host.Address);
        await browser.SignInAsync(await LinkAsync(new DashboardIdentity(Owner, null, null, "en")));

        var page = await browser.GetAsync("dashboard");

        page.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        page.ShouldNotContain("<script", Case.Insensitive);
        page.ShouldNotContain("</text><script");
    }

    [Fact]
    public async Task Text_inside_the_svg_chart_is_encoded_so_a_closing_text_tag_cannot_open_a_script()
    {
        // The chart's labels come from stored data (the platform of each question): a hostile value stays text.
        const string Hostile = "</text><script>alert(3)</script><text>";
        await _host.Get<IQuestionLog>().AppendAsync(new QuestionLogEntry(
            Hostile, "c-g1", "u1", "When was Sora shown?", "en", true, [], DateTimeOffset.UtcNow.AddMinutes(-5), "g1"));
        var browser = new Browser(_host.Address);
        await browser.SignInAsync(await LinkAsync(new DashboardIdentity(Owner, null, null, "en")));

        var page = await browser.GetAsync("dashboard");

        var svg = page[page.IndexOf("<svg", StringComparison.Ordinal)..(page.LastIndexOf("</svg>", StringComparison.Ordinal) + 6)];
        svg.ShouldContain("&lt;/text&gt;&lt;script&gt;alert(3)&lt;/script&gt;&lt;text&gt;");
        page.ShouldNotContain("<script", Case.Insensitive);
    }

    [Fact]
    public async Task A_role_moderator_sees_only_the_questions_of_its_guild()
    {
        await LogAsync("Which chip did guild one ask about in 2031?", answered: false, community: "g1");
        await LogAsync("Which chip did guild two ask about in 2032?", answered: false, community: "g2");
        var browser = new Browser(_host.Address);
        await browser.SignInAsync(await LinkAsync(new DashboardIdentity("discord:9", Role, "g1", "en")));

        var page = await browser.GetAsync("dashboard");

        page.ShouldContain("guild one");
        page.ShouldNotContain("guild two");
        TotalOf(page).ShouldBe(1);
    }

    [Fact]
    public async Task The_runtime_panel_shows_the_host_counters_since_the_process_started()
    {
        var runtime = _host.Get<RuntimeCounters>();
        runtime.RateLimitRefused();
        runtime.RateLimitRefused();
        var browser = new Browser(_host.Address);
        await browser.SignInAsync(await LinkAsync(new DashboardIdentity(Owner, null, null, "en")));

        var page = await browser.GetAsync("dashboard");

        page.ShouldContain("id=\"refusals\">2</b>");
        page.ShouldContain("id=\"model\">off</b>");
        page.ShouldNotContain("id=\"circuit\""); // no model, no breaker to show
        page.ShouldContain("since this process started");
    }

    [Fact]
    public async Task Every_dashboard_response_carries_the_hardening_headers()
    {
        var link = await LinkAsync(new DashboardIdentity(Owner, null, null, "en"));
        using var client = new HttpClient();
        foreach (var uri in new[] { link, new Uri(_host.Address, "dashboard") })
        {
            using var response = await client.GetAsync(uri);
            response.Headers.CacheControl!.NoStore.ShouldBeTrue();
            response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
            var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
            csp.ShouldContain("default-src 'none'");
            csp.ShouldContain("frame-ancestors 'none'");
            csp.ShouldContain("form-action 'self'");
            csp.ShouldContain("base-uri 'none'");
            csp.ShouldContain("script-src 'nonce-");
        }
    }

    [Fact]
    public async Task At_debug_logging_the_token_appears_nowhere_in_the_logs()
    {
        var link = await LinkAsync(new DashboardIdentity(Owner, null, null, "en"));
        var token = link.Query.Split('=')[1];
        var browser = new Browser(_host.Address);
        await browser.SignInAsync(link);
        await browser.GetAsync("dashboard");

        _host.Logs.All.ShouldContain("/dashboard/signin");
        _host.Logs.All.ShouldNotContain(token);
        _host.Logs.All.ShouldNotContain(DashboardLinks.Hash(token));
    }

    [Fact]
    public async Task A_sign_in_survives_a_restart_on_the_same_database()
    {
        var browser = new Browser(_host.Address);
        await browser.SignInAsync(await LinkAsync(new DashboardIdentity(Owner, null, null, "en")));
        var cookie = browser.Cookies.GetCookieHeader(new Uri(_host.Address, "dashboard"));
        await _host.DisposeAsync();

        _host = await Host().StartAsync();
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Address, "dashboard"));
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);

        (await response.Content.ReadAsStringAsync()).ShouldContain("id=\"total\"");
    }

    [Fact]
    public async Task Marking_a_gap_group_handled_hides_it_from_the_list()
    {
        await LogAsync("Who won the robot chess cup in 2031?", answered: false, community: "g1");
        var browser = new Browser(_host.Address);
        await browser.SignInAsync(await LinkAsync(new DashboardIdentity(Owner, null, null, "en")));
        var page = await browser.GetAsync("dashboard");
        page.ShouldContain("robot chess cup");

        var fields = Browser.Fields(page[page.IndexOf("/dashboard/gaps/handled", StringComparison.Ordinal)..]);
        using var response = await browser.Client.PostAsync(new Uri(_host.Address, "dashboard/gaps/handled"), new FormUrlEncodedContent(fields));

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await browser.GetAsync("dashboard")).ShouldNotContain("robot chess cup");
    }

    [Fact]
    public async Task Links_start_with_the_public_url_and_a_relative_one_stops_the_start_naming_the_key()
    {
        await _host.DisposeAsync();
        _host = await Host().With("Http:PublicUrl", "https://bot.example.org/base/").StartAsync();
        (await LinkAsync(new DashboardIdentity(Owner, null, null, "en"))).AbsoluteUri.ShouldStartWith("https://bot.example.org/base/dashboard/signin?token=");

        var failure = await Should.ThrowAsync<Exception>(() => Host().With("Http:PublicUrl", "bot.example.org").StartAsync());
        failure.Message.ShouldContain("Http:PublicUrl");
    }

    private async Task<Uri> LinkAsync(DashboardIdentity identity) =>
        (await _host.Get<DashboardLinks>().IssueAsync(identity)).ShouldNotBeNull();

    private async Task LogAsync(string question, bool answered, string community) =>
        await _host.Get<IQuestionLog>().AppendAsync(new QuestionLogEntry(
            "discord", "c-" + community, "u1", question, "en", answered, [], DateTimeOffset.UtcNow.AddMinutes(-5), community, false,
            answered ? null : "weak-evidence"));

    private static int TotalOf(string page) => int.Parse(TotalPattern().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("id=\"total\">(\\d+)<")]
    private static partial Regex TotalPattern();

    /// <summary>A client with its own cookies that follows no redirects, like a separate browser.</summary>
    private sealed partial class Browser(Uri address)
    {
        public CookieContainer Cookies { get; } = new();

        public HttpClient Client => field ??= new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = address };

        public async Task<string> GetAsync(string path) => await Client.GetStringAsync(new Uri(address, path));

        /// <summary>Loads the link and posts its form, as the page's script does.</summary>
        public async Task<HttpStatusCode> SignInAsync(Uri link)
        {
            var fields = Fields(await Client.GetStringAsync(link));
            using var response = await Client.PostAsync(new Uri(address, "dashboard/signin"), new FormUrlEncodedContent(fields));
            return response.StatusCode;
        }

        /// <summary>The hidden fields of the first form in <paramref name="html"/>.</summary>
        public static Dictionary<string, string> Fields(string html)
        {
            var form = html[..(html.IndexOf("</form>", StringComparison.Ordinal) is var end and >= 0 ? end : html.Length)];
            return Hidden().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        }

        [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
        private static partial Regex Hidden();
    }
}
