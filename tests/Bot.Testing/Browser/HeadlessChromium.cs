using PuppeteerSharp;

namespace Bot.Testing.Browser;

/// <summary>
/// A headless Chromium for browser tests, started from the system's executable (Debian's <c>chromium</c>, which
/// <c>.ci/run</c> installs) and driven over the DevTools protocol by PuppeteerSharp: nothing is downloaded. Start one
/// per test class (it is slow to start on a loaded machine) and open an isolated page, like a separate browser with its
/// own cookies, per scenario:
/// <code>
/// await using var chromium = await HeadlessChromium.LaunchAsync();
/// await using var page = await chromium.NewPageAsync(HeadlessChromium.PhoneWidth);
/// await page.GoToAsync(url);
/// (await page.TextAsync()).ShouldContain("...");
/// await page.ScreenshotAsync("dashboard-phone");   // tests/artifacts/dashboard-phone.png
/// (await page.HasHorizontalOverflowAsync()).ShouldBeFalse();
/// </code>
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const int PhoneWidth = 390;
    public const int DesktopWidth = 1280;

    /// <summary>Overrides where the executable is looked for (a path).</summary>
    public const string ExecutableVariable = "BOT_TEST_CHROMIUM";

    /// <summary>Generous: starting Chromium and rendering on a 2-core machine shared by many builds takes time.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    private readonly IBrowser _browser;

    private HeadlessChromium(IBrowser browser) => _browser = browser;

    /// <summary>The Chromium executable: <see cref="ExecutableVariable"/>, else the first system one found; null if none.</summary>
    public static string? Executable =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured
            ? configured
            : Candidates.FirstOrDefault(File.Exists);

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why browser tests skip: only when no executable exists and CI is not true (in CI they fail instead).</summary>
    public static string? SkipReason => Executable is null && !InCi
        ? $"No Chromium executable (looked for {string.Join(", ", Candidates)} and {ExecutableVariable}): install Debian's chromium (apt-get install chromium; .ci/run does) to run the browser tests."
        : null;

    /// <summary>Where screenshots go: <c>tests/artifacts/</c> (git-ignored).</summary>
    public static string ArtifactsFolder => Path.Combine(RepositoryPaths.Root, "tests", "artifacts");

    /// <summary>Starts a headless Chromium from the system executable; throws with the reason when there is none.</summary>
    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException(
            $"No Chromium executable found ({string.Join(", ", Candidates)}; or set {ExecutableVariable}). Install Debian's chromium: apt-get install -y chromium.");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Timeout = (int)Timeout.TotalMilliseconds,
            ProtocolTimeout = (int)Timeout.TotalMilliseconds,

            // No sandbox: tests run as root in containers, where Chromium's sandbox cannot start. Only pages the test
            // itself serves on 127.0.0.1 are opened.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars"],
        });
        return new HeadlessChromium(browser);
    }

    /// <summary>A page in a context of its own (its own cookies, like a second browser), <paramref name="width"/> CSS pixels wide.</summary>
    public async Task<BrowserPage> NewPageAsync(int width = DesktopWidth, int height = 900)
    {
        var context = await _browser.CreateBrowserContextAsync();
        var page = await context.NewPageAsync();
        page.DefaultTimeout = (int)Timeout.TotalMilliseconds;
        page.DefaultNavigationTimeout = (int)Timeout.TotalMilliseconds;
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height, DeviceScaleFactor = 1 });
        return new BrowserPage(context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _browser.Dispose();
    }
}

/// <summary>One page of <see cref="HeadlessChromium"/>, in its own browser context.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    internal BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    /// <summary>The PuppeteerSharp page, for what the helpers here do not cover.</summary>
    public IPage Page { get; }

    /// <summary>The address the page is at now.</summary>
    public Uri Url => new(Page.Url);

    /// <summary>Opens <paramref name="url"/> and waits until the page and its resources have loaded; returns the HTTP status.</summary>
    public async Task<int?> GoToAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var response = await Page.GoToAsync(url.AbsoluteUri, WaitUntilNavigation.Load);
        return response is null ? null : (int)response.Status;
    }

    /// <summary>Waits until the page is at <paramref name="path"/> (after a redirect or a form the page posts itself).</summary>
    public async Task WaitForPathAsync(string path)
    {
        await Page.WaitForFunctionAsync(
            "p => location.pathname === p && document.readyState === 'complete'",
            new WaitForFunctionOptions { Timeout = (int)HeadlessChromium.Timeout.TotalMilliseconds, PollingInterval = 100 },
            path);
    }

    /// <summary>The text a reader sees (<c>document.body.innerText</c>).</summary>
    public Task<string> TextAsync() => Page.EvaluateExpressionAsync<string>("document.body ? document.body.innerText : ''");

    /// <summary>True when the page scrolls sideways: the document is wider than the viewport.</summary>
    public Task<bool> HasHorizontalOverflowAsync() =>
        Page.EvaluateExpressionAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth");

    /// <summary>
    /// A PNG screenshot into <c>tests/artifacts/<paramref name="name"/>.png</c>, of the whole page or only of what the
    /// viewport shows; returns its path.
    /// </summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        Directory.CreateDirectory(HeadlessChromium.ArtifactsFolder);
        var path = Path.Combine(HeadlessChromium.ArtifactsFolder, name + ".png");
        await Page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = fullPage, Type = ScreenshotType.Png });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Page.CloseAsync();
        await _context.CloseAsync();
    }
}
