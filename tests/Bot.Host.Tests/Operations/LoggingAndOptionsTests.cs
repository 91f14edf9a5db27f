using System.Text.Json;
using Bot.Host.Cli;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests.Operations;

[Collection(CliCollection.Name)]
public class LoggingAndOptionsTests
{
    [Theory]
    [InlineData(null, ConsoleFormatterNames.Simple)]
    [InlineData("console", ConsoleFormatterNames.Simple)]
    [InlineData("json", ConsoleFormatterNames.Json)]
    [InlineData("JSON", ConsoleFormatterNames.Json)]
    public async Task Logging_Format_picks_the_console_formatter(string? format, string expected)
    {
        await using var app = BotTestHost.Create().WithoutPlatforms().With("Logging:Format", format).Build();

        app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName.ShouldBe(expected);
    }

    [Theory]
    [InlineData("--Logging:Format=xml", "Logging:Format")]
    [InlineData("--OpenTelemetry:Endpoint=collector:4317", "OpenTelemetry:Endpoint")]
    [InlineData("--OpenTelemetry:Protocol=udp", "OpenTelemetry:Protocol")]
    [InlineData("--Http:Urls=tcp://0.0.0.0:1", "Http:Urls")]
    public async Task A_bad_operations_setting_stops_the_start_naming_the_key(string setting, string key)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await BotCli.RunAsync(["ask", "Sora?", "--knowledge", RepositoryPaths.Knowledge, setting], new StringReader(""), stdout, stderr);

        code.ShouldBe(3);
        stderr.ToString().ShouldContain(key);
    }

    /// <summary>
    /// Without an appsettings.json every /readyz probe logged "Executing endpoint", "Setting HTTP status code 200",
    /// "Writing value of type 'ReadinessBody'" and "Executed endpoint" at Information; a setting still turns them on.
    /// </summary>
    [Theory]
    [InlineData(null, false)]
    [InlineData("Information", true)]
    public async Task Routing_and_result_logs_are_warnings_only_unless_a_setting_says_otherwise(string? level, bool logged)
    {
        string[] args = level is null ? [] : [$"--Logging:LogLevel:Microsoft.AspNetCore.Routing={level}", $"--Logging:LogLevel:Microsoft.AspNetCore.Http.Result={level}"];
        await using var app = BotHost.Build(BotHost.CreateBuilder(args));
        var loggers = app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();

        foreach (var category in new[] { "Microsoft.AspNetCore.Routing.EndpointMiddleware", "Microsoft.AspNetCore.Http.Result.JsonResult" })
        {
            loggers.CreateLogger(category).IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information).ShouldBe(logged, category);
        }
    }

    [Fact]
    public async Task An_OTLP_endpoint_turns_on_trace_and_metric_export()
    {
        await using var app = BotTestHost.Create().WithoutPlatforms().With("OpenTelemetry:Endpoint", "http://127.0.0.1:4317").Build();

        app.Services.GetService<OpenTelemetry.Trace.TracerProvider>().ShouldNotBeNull();
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_no_traces_are_collected()
    {
        await using var app = BotTestHost.Create().WithoutPlatforms().Build();

        app.Services.GetService<OpenTelemetry.Trace.TracerProvider>().ShouldBeNull();
        app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>().ShouldNotBeNull();
    }

    /// <summary>The real program, as a child process: with <c>Logging:Format=json</c> every log line is one JSON object.</summary>
    [Fact]
    public async Task With_Logging_Format_json_the_program_writes_one_JSON_object_per_log_line()
    {
        using var folder = TempKnowledgeFolder.CopyOf(RepositoryPaths.Knowledge);
        folder.Write("sora/broken.en.md", "---\nid: broken\ntitle: Broken\nlang: vn\ntopic: sora\nupdated: 2026-11-28\nsources:\n  - title: X\n    date: 2024\n---\n\n## A\n\nText.\n");
        var (code, stdout, stderr) = await ProgramProcess.RunAsync(
            folder.Root, "validate", "--knowledge", folder.Root, "--Logging:Format=json", "--Logging:LogLevel:Default=Information");

        code.ShouldBe(1);
        stdout.ShouldContain("sora/broken.en.md:4: ");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("problem(s); serving", StringComparison.Ordinal))
            .ToList();
        lines.ShouldNotBeEmpty();
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (var entry in entries)
        {
            entry.TryGetProperty("LogLevel", out var level).ShouldBeTrue();
            entry.TryGetProperty("Category", out var category).ShouldBeTrue();
            entry.TryGetProperty("Timestamp", out var timestamp).ShouldBeTrue();
            (level.GetString(), category.GetString(), timestamp.GetString()).ShouldNotBe((null, null, null));
        }

        entries.ShouldContain(e => e.GetProperty("Message").GetString()!.Contains("Knowledge file problem", StringComparison.Ordinal));
    }
}
