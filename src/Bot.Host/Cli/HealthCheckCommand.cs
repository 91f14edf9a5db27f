using System.Net.Http;

namespace Bot.Host.Cli;

/// <summary>
/// <c>healthcheck [URL]</c>: asks a running bot's <c>/readyz</c> and exits 0 when it is ready, 1 otherwise. For
/// container health checks (the .NET runtime images have no curl). Without URL it uses the first http address of
/// <c>Http:Urls</c>, with a wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) replaced by loopback.
/// </summary>
internal static class HealthCheckCommand
{
    /// <summary>How long to wait for the answer: below a container runtime's default health check timeout (30 s).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(IConfiguration configuration, IReadOnlyList<string> positional, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var target = positional.Count > 0 ? positional[0] : configuration[$"{HttpOptions.SectionName}:Urls"];
        var baseUri = ToProbeAddress(target);
        if (baseUri is null)
        {
            await error.WriteLineAsync(string.IsNullOrWhiteSpace(target)
                ? "healthcheck: Http:Urls is not set, so the bot opens no HTTP port to ask; set Http:Urls or pass a URL."
                : $"healthcheck: '{target}' is not an http(s) URL such as http://127.0.0.1:8080.");
            return 1;
        }

        var readyz = new Uri(baseUri, Operations.OperationsExtensions.ReadinessPath.TrimStart('/'));
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(readyz, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            await output.WriteLineAsync($"{(int)response.StatusCode} {readyz}: {body.Trim()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"healthcheck: {readyz}: {ex.Message}");
            return 1;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"healthcheck: {readyz}: no answer within {Timeout.TotalSeconds:0} s");
            return 1;
        }
    }

    /// <summary>The address to ask, from a URL or an <c>Http:Urls</c> list (http preferred over https); null when none is usable.</summary>
    internal static Uri? ToProbeAddress(string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            return null;
        }

        var candidates = urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .OfType<Uri>()
            .ToList();
        var chosen = candidates.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp) ?? candidates.FirstOrDefault();
        return chosen;
    }

    private static Uri? Parse(string url)
    {
        // Kestrel's wildcards are not valid URI hosts: swap them for loopback before parsing.
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return null;
        }

        var rest = url[(schemeEnd + 3)..];
        var hostEnd = rest.StartsWith('[') ? rest.IndexOf(']', StringComparison.Ordinal) + 1 : rest.IndexOfAny([':', '/']);
        if (hostEnd <= 0)
        {
            hostEnd = rest.Length;
        }

        var host = rest[..hostEnd];
        var loopback = host switch
        {
            "+" or "*" or "0.0.0.0" or "localhost" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => host,
        };
        var rebuilt = url[..(schemeEnd + 3)] + loopback + rest[hostEnd..];
        if (!Uri.TryCreate(rebuilt, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new UriBuilder(uri) { Path = path, Query = string.Empty, Fragment = string.Empty }.Uri;
    }
}
