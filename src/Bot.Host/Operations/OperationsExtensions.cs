using System.Reflection;
using System.Text.Json.Serialization;
using Bot.Core.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Bot.Host.Operations;

/// <summary>
/// What an operator needs to run the bot: the log format, metrics (Prometheus on <c>/metrics</c>, OTLP when
/// <c>OpenTelemetry:Endpoint</c> is set), traces (OTLP), and the <c>/healthz</c> and <c>/readyz</c> endpoints.
/// </summary>
public static class OperationsExtensions
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    public const string MetricsPath = "/metrics";

    /// <summary>Meters exported besides the bot's own: the HTTP server, outgoing HTTP and the runtime (built into .NET), and Semantic Kernel's.</summary>
    internal static readonly string[] Meters =
    [
        BotTelemetry.MeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Net.Http",
        "System.Runtime",
        "Microsoft.SemanticKernel*",
    ];

    /// <summary>
    /// Activity sources exported by OTLP. Not <c>System.Net.Http</c>: the Telegram Bot API carries the token in the
    /// request path, and a client span would put it in <c>url.full</c>.
    /// </summary>
    /// <remarks>Semantic Kernel's spans carry no prompt or completion text unless its sensitive-data switch is on.</remarks>
    internal static readonly string[] ActivitySources = [BotTelemetry.ActivitySourceName, "Microsoft.AspNetCore", "Microsoft.SemanticKernel*"];

    /// <summary>Options and the log format; registered by <see cref="BotHost.CreateBuilder"/>.</summary>
    public static IServiceCollection AddOperationsOptions(this IServiceCollection services)
    {
        services.AddOptions<OpenTelemetryOptions>().BindConfiguration(OpenTelemetryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenTelemetryOptions>, OpenTelemetryOptionsValidator>());
        services.AddOptions<LogFormatOptions>().BindConfiguration(LogFormatOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LogFormatOptions>, LogFormatOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ConsoleLoggerOptions>, ConsoleFormatSetup>());
        services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.IncludeScopes = true;
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        services.AddHealthChecks();
        services.TryAddSingleton<ReadinessProbe>();
        return services;
    }

    /// <summary>
    /// Metrics and traces through OpenTelemetry, from the configuration as it stands when the host is built
    /// (<see cref="BotHost.Build"/>): the Prometheus exporter always, OTLP when <c>OpenTelemetry:Endpoint</c> is set.
    /// </summary>
    public static void AddTelemetry(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new OpenTelemetryOptions();
        builder.Configuration.GetSection(OpenTelemetryOptions.SectionName).Bind(options);
        var endpoint = options.EndpointUri;
        var version = typeof(OperationsExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(string.IsNullOrWhiteSpace(options.ServiceName) ? "ai-race-bot" : options.ServiceName, serviceVersion: version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter(o => ConfigureOtlp(o, endpoint, options, "v1/metrics"));
                }
            });
        if (endpoint is not null)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(ActivitySources)
                .AddOtlpExporter(o => ConfigureOtlp(o, endpoint, options, "v1/traces")));
        }
    }

    /// <summary>Maps <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(LivenessPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text("ok\n", "text/plain");
        });
        endpoints.MapGet(ReadinessPath, async (HttpContext context, ReadinessProbe probe) =>
        {
            var result = await probe.CheckAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            var body = new ReadinessBody(
                result.Ready ? "ready" : "not ready",
                [.. result.Checks.Select(c => new ReadinessCheckBody(c.Name, c.Ready, c.Detail))]);
            return Results.Json(body, ReadinessJson.Default.ReadinessBody, statusCode: result.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }

    /// <summary>gRPC takes the collector's address; http/protobuf, set in code, takes each signal's full path.</summary>
    private static void ConfigureOtlp(OtlpExporterOptions otlp, Uri endpoint, OpenTelemetryOptions options, string signalPath)
    {
        if (options.HttpProtobuf)
        {
            otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
            otlp.Endpoint = endpoint.AbsolutePath is "" or "/" ? new Uri(endpoint, signalPath) : endpoint;
        }
        else
        {
            otlp.Protocol = OtlpExportProtocol.Grpc;
            otlp.Endpoint = endpoint;
        }
    }
}

/// <summary>The JSON of <c>/readyz</c>: <c>{"status": "ready" | "not ready", "checks": [{"name", "ready", "detail"}]}</c>.</summary>
public sealed record ReadinessBody(string Status, IReadOnlyList<ReadinessCheckBody> Checks);

public sealed record ReadinessCheckBody(string Name, bool Ready, string Detail);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReadinessBody))]
internal sealed partial class ReadinessJson : JsonSerializerContext;
