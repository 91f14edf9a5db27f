using Microsoft.Extensions.Logging.Console;

namespace Bot.Host.Operations;

/// <summary>Where traces and metrics go besides <c>/metrics</c>: an OpenTelemetry collector, bound from <c>OpenTelemetry</c>.</summary>
public sealed class OpenTelemetryOptions
{
    public const string SectionName = "OpenTelemetry";

    /// <summary>The OTLP endpoint, e.g. <c>http://otel-collector:4317</c>. Empty: no OTLP export (the <c>/metrics</c> endpoint still works).</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute: one name for all instances of the bot.</summary>
    public string ServiceName { get; set; } = "ai-race-bot";

    internal Uri? EndpointUri => !string.IsNullOrWhiteSpace(Endpoint) && Uri.TryCreate(Endpoint.Trim(), UriKind.Absolute, out var uri) ? uri : null;

    internal bool HttpProtobuf => string.Equals(Protocol, "http/protobuf", StringComparison.OrdinalIgnoreCase);
}

internal sealed class OpenTelemetryOptionsValidator : IValidateOptions<OpenTelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenTelemetryOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Endpoint) && options.EndpointUri is not { Scheme: "http" or "https" })
        {
            failures.Add($"OpenTelemetry:Endpoint: '{options.Endpoint}' is not an http(s) URL such as http://otel-collector:4317.");
        }

        if (!string.Equals(options.Protocol, "grpc", StringComparison.OrdinalIgnoreCase) && !options.HttpProtobuf)
        {
            failures.Add($"OpenTelemetry:Protocol: '{options.Protocol}' is not one of grpc, http/protobuf.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add("OpenTelemetry:ServiceName must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>How log lines are written to the console, bound from <c>Logging</c> (beside <c>Logging:LogLevel</c>).</summary>
public sealed class LogFormatOptions
{
    public const string SectionName = "Logging";

    /// <summary><c>console</c> (human-readable, the default) or <c>json</c> (one JSON object per line, for log collectors).</summary>
    public string Format { get; set; } = "console";

    internal bool Json => string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase);
}

internal sealed class LogFormatOptionsValidator : IValidateOptions<LogFormatOptions>
{
    public ValidateOptionsResult Validate(string? name, LogFormatOptions options) =>
        options.Json || string.Equals(options.Format, "console", StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Logging:Format: '{options.Format}' is not one of console, json.");
}

/// <summary>Points the console logger at the JSON formatter when <c>Logging:Format</c> is <c>json</c>.</summary>
/// <remarks>Reads the key itself: a wrong value must not break logging before start-up validation can name it.</remarks>
internal sealed class ConsoleFormatSetup(IConfiguration configuration) : IConfigureOptions<ConsoleLoggerOptions>
{
    public void Configure(ConsoleLoggerOptions options)
    {
        var json = new LogFormatOptions { Format = configuration[$"{LogFormatOptions.SectionName}:Format"] ?? "console" }.Json;
        options.FormatterName = json ? ConsoleFormatterNames.Json : ConsoleFormatterNames.Simple;
    }
}
