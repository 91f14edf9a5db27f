using System.Buffers.Binary;
using Bot.Testing.Browser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Dashboard;

/// <summary>
/// A fact that is skipped, with the reason, only when no Chromium executable exists and CI is not true (xunit 2 decides
/// skips at discovery). With CI=true and no browser the test runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute() => Skip = HeadlessChromium.SkipReason;
}

/// <summary>One headless Chromium for a whole test class (starting it is slow on a loaded machine).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private HeadlessChromium? _chromium;

    public HeadlessChromium Chromium => _chromium ?? throw new InvalidOperationException(HeadlessChromium.SkipReason ?? "Chromium did not start.");

    public async Task InitializeAsync()
    {
        if (HeadlessChromium.SkipReason is null)
        {
            _chromium = await HeadlessChromium.LaunchAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }
}

/// <summary>The browser harness itself, against pages served by a Kestrel this test starts on 127.0.0.1.</summary>
public sealed class HeadlessChromiumTests(ChromiumFixture browser) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string Narrow = "<!doctype html><html><head><meta name=viewport content=\"width=device-width\"><title>t</title></head><body><h1>Hello from Kestrel</h1><p id=p></p><script>document.getElementById('p').textContent='script ran'</script></body></html>";
    private const string Wide = "<!doctype html><html><head><meta name=viewport content=\"width=device-width\"></head><body><div style=\"width:1000px\">too wide</div></body></html>";
    private WebApplication _server = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapGet("/narrow", () => Results.Content(Narrow, "text/html; charset=utf-8"));
        _server.MapGet("/wide", () => Results.Content(Wide, "text/html; charset=utf-8"));
        await _server.StartAsync();
        _address = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [ChromiumFact]
    public async Task The_browser_opens_a_local_page_reads_its_text_and_saves_a_phone_width_screenshot()
    {
        await using var page = await browser.Chromium.NewPageAsync(HeadlessChromium.PhoneWidth);

        (await page.GoToAsync(new Uri(_address, "narrow"))).ShouldBe(200);

        var text = await page.TextAsync();
        text.ShouldContain("Hello from Kestrel");
        text.ShouldContain("script ran");
        page.Url.AbsolutePath.ShouldBe("/narrow");
        (await page.HasHorizontalOverflowAsync()).ShouldBeFalse();
        var png = await File.ReadAllBytesAsync(await page.ScreenshotAsync("harness-phone"));
        png.AsSpan(1, 3).ToArray().ShouldBe("PNG"u8.ToArray());
        BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)).ShouldBe(HeadlessChromium.PhoneWidth);
    }

    [ChromiumFact]
    public async Task A_page_wider_than_the_phone_is_reported_as_overflowing_and_fits_a_desktop()
    {
        await using var phone = await browser.Chromium.NewPageAsync(HeadlessChromium.PhoneWidth);
        await using var desktop = await browser.Chromium.NewPageAsync(HeadlessChromium.DesktopWidth);

        await phone.GoToAsync(new Uri(_address, "wide"));
        await desktop.GoToAsync(new Uri(_address, "wide"));

        (await phone.HasHorizontalOverflowAsync()).ShouldBeTrue();
        (await desktop.HasHorizontalOverflowAsync()).ShouldBeFalse();
        var png = await File.ReadAllBytesAsync(await desktop.ScreenshotAsync("harness-desktop"));
        BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)).ShouldBe(HeadlessChromium.DesktopWidth);
    }
}
