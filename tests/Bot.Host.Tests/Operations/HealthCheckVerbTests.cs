using Bot.Core.Diagnostics;
using Bot.Host.Cli;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Tests.Operations;

[Collection(CliCollection.Name)]
public class HealthCheckVerbTests
{
    /// <summary>The composed host without platforms, listening on a free loopback port.</summary>
    private static BotTestHost.Builder Host() => BotTestHost.Create().WithoutPlatforms().WithHttp();

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdin = new StringReader("");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await BotCli.RunAsync(args, stdin, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Exits_0_when_the_bot_at_Http_Urls_is_ready()
    {
        await using var host = await Host().StartAsync();
        var urls = $"http://+:{host.Address.Port}";

        var (code, output, _) = await RunAsync("healthcheck", $"--Http:Urls={urls}");

        code.ShouldBe(0);
        output.ShouldContain("200");
        output.ShouldContain("\"status\":\"ready\"");
    }

    [Fact]
    public async Task Exits_1_and_shows_what_is_not_ready()
    {
        await using var host = await Host().WithServices(s =>
            s.AddHealthChecks().AddCheck("discord-probe", () => HealthCheckResult.Unhealthy("gateway closed"), tags: [Readiness.Tag])).StartAsync();

        var (code, output, _) = await RunAsync("healthcheck", host.Address.ToString());

        code.ShouldBe(1);
        output.ShouldContain("503");
        output.ShouldContain("gateway closed");
    }

    [Fact]
    public async Task Exits_1_when_no_HTTP_server_is_configured()
    {
        var (code, _, errors) = await RunAsync("healthcheck", "--Http:Urls=");

        code.ShouldBe(1);
        errors.ShouldContain("Http:Urls");
    }

    [Fact]
    public async Task Exits_1_when_nothing_listens()
    {
        // A port that was free a moment ago: bound, then released.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, _, errors) = await RunAsync("healthcheck", $"http://127.0.0.1:{port}");

        code.ShouldBe(1);
        errors.ShouldContain("/readyz");
    }

    [Theory]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::]:8080", "http://[::1]:8080/")]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000/")]
    [InlineData("https://+:8443;http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://10.0.0.5:9000/bot", "http://10.0.0.5:9000/bot/")]
    public void Asks_loopback_for_wildcard_listen_addresses(string urls, string expected) =>
        HealthCheckCommand.ToProbeAddress(urls)!.ToString().ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("ftp://host:21")]
    [InlineData("not a url")]
    public void Has_no_address_for_unusable_values(string urls) => HealthCheckCommand.ToProbeAddress(urls).ShouldBeNull();
}
