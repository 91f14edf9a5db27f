using Bot.Core.Engine;
using Bot.Core.Language;
using Bot.Core.Messages;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Microsoft.AspNetCore.Builder;

namespace Bot.Host.Cli;

/// <summary>Entry point: picks the verb, builds the matching host, and maps faults to exit codes.</summary>
public static class BotCli
{
    public static async Task<int> RunAsync(string[] args, TextReader? input = null, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        input ??= Console.In;
        output ??= Console.Out;
        error ??= Console.Error;
        var (verb, positional, flags) = CommandLine.Parse(args);
        if (flags.Contains("help") || flags.Contains("h") || verb == "help")
        {
            await output.WriteLineAsync(CommandLine.Usage);
            return 0;
        }

        if (verb is not null && !CommandLine.Verbs.Contains(verb))
        {
            await error.WriteLineAsync($"Unknown verb '{verb}'.\n\n{CommandLine.Usage}");
            return 2;
        }

        try
        {
            if (verb == "healthcheck")
            {
                // Reads the configuration only: it asks another process, the one serving /readyz.
                var configuration = BotHost.CreateBuilder(args, includePlatforms: false).Configuration;
                return await HealthCheckCommand.RunAsync(configuration, positional, output, error, cancellationToken);
            }

            if (verb is null)
            {
                var probe = BotHost.CreateBuilder(args);
                if (RunsAsService(probe.Configuration))
                {
                    return await RunServiceAsync(probe, error, cancellationToken);
                }

                verb = "chat";
            }

            await using var app = BotHost.Build(BotHost.CreateBuilder(args, includePlatforms: false));
            ConfigurationErrors.ValidateOnStart(app.Services);
            await app.StartAsync(cancellationToken);
            var engine = app.Services.GetRequiredService<IBotEngine>();
            var knowledge = app.Services.GetRequiredService<IKnowledgeBase>();
            try
            {
                return verb switch
                {
                    "ask" => await AskAsync(engine, string.Join(' ', positional), output, error, cancellationToken),
                    "answer" when flags.Contains("jsonl") => await JsonLinesAnswering.RunAsync(engine, input, output, error, cancellationToken),
                    "answer" => await UsageErrorAsync(error, "answer needs --jsonl"),
                    "validate" => await ValidateCommand.RunAsync(
                        knowledge, app.Services.GetRequiredService<TimeProvider>(), flags.Contains("stale"), output, error, cancellationToken),
                    "search" => await SearchAsync(app.Services.GetRequiredService<EvidencePipeline>(), app.Services.GetRequiredService<LanguageJudge>(), string.Join(' ', positional), output, error, cancellationToken),
                    "eval" when positional.Count == 1 => await EvalCommand.RunAsync(
                        engine, knowledge.Current.Documents.Select(d => d.Path), positional[0], flags.Contains("json"), flags.Contains("record"), output, error, cancellationToken),
                    "eval" => await UsageErrorAsync(error, "eval needs one FILE.jsonl or a FOLDER of them"),
                    _ => await ConsoleChat.RunAsync(engine, app.Configuration, input, output, cancellationToken),
                };
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync(ConfigurationErrors.Describe(ex));
            return 3;
        }
        catch (DirectoryNotFoundException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 3;
        }
    }

    /// <summary>
    /// With no verb the program is a service when a platform is configured or <c>Http:Urls</c> is set (an operator
    /// asked for a server: health, metrics, webhooks); otherwise it is the console chat for trying the bot out.
    /// </summary>
    internal static bool RunsAsService(IConfiguration configuration) =>
        PlatformsConfigured(configuration) || !string.IsNullOrWhiteSpace(configuration[$"{HttpOptions.SectionName}:Urls"]);

    /// <summary>A platform counts as configured when its <c>Token</c> key is non-empty.</summary>
    internal static bool PlatformsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Telegram:Token"]) || !string.IsNullOrWhiteSpace(configuration["Discord:Token"]);

    private static async Task<int> RunServiceAsync(WebApplicationBuilder builder, TextWriter error, CancellationToken cancellationToken)
    {
        await using var app = BotHost.Build(builder);
        ConfigurationErrors.ValidateOnStart(app.Services);
        await app.RunAsync(cancellationToken);
        if (Environment.ExitCode != 0)
        {
            await error.WriteLineAsync("The bot stopped because of an error; see the log above.");
        }

        return Environment.ExitCode;
    }

    private static async Task<int> AskAsync(IBotEngine engine, string question, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return await UsageErrorAsync(error, "ask needs a question, e.g. ask \"Sora ra mắt khi nào?\"");
        }

        var message = new IncomingMessage("cli", "cli", "cli", "1", question, Flags: MessageFlags.Private, Command: "ask");
        var reply = await engine.HandleAsync(message, cancellationToken);
        await output.WriteLineAsync(reply is null ? string.Empty : PlainTextReply.Render(reply));
        return 0;
    }

    /// <summary>
    /// What the bot finds for a question, with scores: for moderators checking that a section is findable. It runs the
    /// same pipeline as a chat question (language judgement, chat spelling, framing removed, intent, gate), so what it
    /// shows is what an answer would be drawn from.
    /// </summary>
    private static async Task<int> SearchAsync(EvidencePipeline pipeline, LanguageJudge judge, string query, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return await UsageErrorAsync(error, "search needs a query");
        }

        var lang = judge.Detect(query);
        var message = new IncomingMessage("cli", "cli", "cli", "1", query, Flags: MessageFlags.Private, Command: "search");
        var evidence = await pipeline.GatherAsync(message, query, lang, cancellationToken);
        await output.WriteLineAsync($"query language: {lang}; searched: {evidence.Query}; verdict: {evidence.Verdict}; {evidence.Hits.Count} hit(s)");
        foreach (var hit in evidence.Hits)
        {
            await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{hit.Score,8:F3}  coverage {hit.Coverage:F2}  subject {(hit.HasSubject ? "yes" : "no ")}  {hit.Section.Path}:{hit.Section.Line}  {hit.Section.Heading}"));
        }

        return 0;
    }

    private static async Task<int> UsageErrorAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"{message}\n\n{CommandLine.Usage}");
        return 2;
    }
}
