using Bot.Core;
using Bot.Dashboard;
using Bot.Discord;
using Bot.Host.Operations;
using Bot.Knowledge;
using Bot.Storage;
using Bot.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Logging.Console;

namespace Bot.Host;

/// <summary>
/// Composition of the bot: configuration, the knowledge layer, the core, the platform adapters, logs, metrics and
/// traces, and the one HTTP server (listening only when <c>Http:Urls</c> is set: <c>/healthz</c>, <c>/readyz</c>,
/// <c>/metrics</c> and the adapters' handlers). Used by <c>Program</c> and by end-to-end tests.
/// </summary>
public static class BotHost
{
    /// <summary>
    /// A builder with every part registered. Tests may add configuration and logging before <see cref="Build"/>:
    /// the parts read their options when the host starts.
    /// </summary>
    /// <param name="args">Command-line arguments: <c>--knowledge DIR</c> and configuration overrides (<c>--Bot:MaxQuestionChars=500</c>).</param>
    /// <param name="includePlatforms">False for the command-line verbs, which never connect to a chat platform.</param>
    public static WebApplicationBuilder CreateBuilder(string[] args, bool includePlatforms = true)
    {
        // The standard order: appsettings.json, appsettings.{Environment}.json, user secrets (Development only: platform
        // tokens and API keys on a developer machine), environment variables, then the command line. Naming this
        // assembly as the application lets the default builder find its UserSecretsId, also when a test host starts it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = CommandLine.ToConfigurationArgs(args),
            ContentRootPath = Directory.GetCurrentDirectory(),
            ApplicationName = typeof(BotHost).Assembly.GetName().Name,
        });

        // Defaults below every other source, so any setting overrides them: without an appsettings.json, ASP.NET's
        // routing and result writers would log four lines at Information for every /readyz probe.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData =
            [
                new("Logging:LogLevel:Microsoft.AspNetCore.Routing", nameof(LogLevel.Warning)),
                new("Logging:LogLevel:Microsoft.AspNetCore.Http.Result", nameof(LogLevel.Warning)),
            ],
        });

        if (!includePlatforms)
        {
            // Verbs print their results on standard output: diagnostics go to standard error, and only what matters.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Logging.AddFilter("System", LogLevel.Warning);
        }

        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        if (includePlatforms)
        {
            builder.Services.AddTelegram(builder.Configuration);
            builder.Services.AddDiscord(builder.Configuration);
            builder.Services.AddDashboard(builder.Configuration);
        }
        else
        {
            // The verbs never connect, but a bad platform value (Telegram:Mode=Hook) still stops them: `validate`
            // and `ask` check the whole configuration a deployment will use.
            builder.Services.AddTelegramOptions();
            builder.Services.AddDiscordOptions();
        }

        builder.Services.AddOperationsOptions();
        builder.Services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        ConfigurationErrors.AddBindingErrorsAsValidation(builder.Services);
        return builder;
    }

    /// <summary>Builds the app: the HTTP server listens on <c>Http:Urls</c> when set, and the adapters' handlers are mapped.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var urls = builder.Configuration[$"{HttpOptions.SectionName}:Urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            builder.Services.AddSingleton<IServer, NoListeningServer>();
        }
        else
        {
            builder.WebHost.UseUrls(urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        OperationsExtensions.AddTelemetry(builder);
        var app = builder.Build();
        app.MapOperations();
        app.MapTelegram();
        app.MapDiscord();
        if (!string.IsNullOrWhiteSpace(urls))
        {
            app.MapDashboard();
        }

        return app;
    }
}
