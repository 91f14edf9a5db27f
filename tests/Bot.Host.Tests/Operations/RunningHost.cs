using Bot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Operations;

/// <summary>The composed host listening on a free loopback port, with the repository's knowledge; stopped on dispose.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly string _dataFolder;

    private RunningHost(WebApplication app, Uri address, string dataFolder)
    {
        _dataFolder = dataFolder;
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="configure">Extra registrations (e.g. a readiness check) before the host is built.</param>
    /// <param name="args">Extra command-line arguments (configuration overrides).</param>
    public static async Task<RunningHost> StartAsync(Action<WebApplicationBuilder>? configure = null, bool includePlatforms = false, params string[] args)
    {
        var data = Path.Combine(Path.GetTempPath(), "bot-ops-" + Guid.NewGuid().ToString("N"));
        var builder = BotHost.CreateBuilder(
            ["--knowledge", RepositoryPaths.Knowledge, "--Http:Urls=http://127.0.0.1:0", $"--Storage:Path={Path.Combine(data, "bot.db")}", .. args],
            includePlatforms);
        configure?.Invoke(builder);
        var app = BotHost.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHost(app, new Uri(address.TrimEnd('/') + "/"), data);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}
