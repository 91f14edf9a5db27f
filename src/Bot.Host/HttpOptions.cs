using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Bot.Host;

/// <summary>The host's one HTTP server (webhooks, interactions, health), bound from <c>Http</c>.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>Where to listen, e.g. <c>http://127.0.0.1:8080</c> (several separated by ';'). Empty: no HTTP server.</summary>
    public string? Urls { get; set; }

    /// <summary>
    /// The address members' browsers reach the bot at, e.g. <c>https://bot.example.org/</c> behind a reverse proxy;
    /// dashboard sign-in links start with it. Empty: the server's own address when it is a concrete one.
    /// </summary>
    public string? PublicUrl { get; set; }
}

internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicUrl) &&
            (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var publicUrl) || publicUrl.Scheme is not ("http" or "https")))
        {
            return ValidateOptionsResult.Fail($"Http:PublicUrl: '{options.PublicUrl}' is not an absolute http(s) URL such as https://bot.example.org/.");
        }

        if (string.IsNullOrWhiteSpace(options.Urls))
        {
            return ValidateOptionsResult.Success;
        }

        foreach (var url in options.Urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ||
                uri.Scheme is not ("http" or "https"))
            {
                return ValidateOptionsResult.Fail($"Http:Urls: '{url}' is not an http(s) URL such as http://127.0.0.1:8080.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>Stands in for Kestrel when <c>Http:Urls</c> is not set: the bot then opens no port at all.</summary>
internal sealed class NoListeningServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
