using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bot.Core;
using Bot.Discord;
using Bot.Knowledge;
using Bot.Testing;
using Bot.Testing.FakeDiscord;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Bot.Bench.Discord;

/// <summary>
/// 1,000 mentions over 50 channels through the fake Discord server, answered by the real engine and knowledge:
/// all must be answered, no rate limit broken, no message over the limits; latency p50/p99 from the injected
/// MESSAGE_CREATE to the stored reply. Usage: <c>discord [mentions] [channels] [per-second]</c>.
/// </summary>
public static class DiscordBench
{
    private static readonly string[] Questions =
    [
        "When did OpenAI first show off Sora?",
        "Sora của OpenAI ra mắt ngày nào?",
        "What is Kling?",
        "What did DeepSeek release?",
        "Mỹ hạn chế xuất khẩu GPU sang Trung Quốc thế nào?",
        "What is the H20 chip?",
        "Who makes Hailuo video?",
        "Qwen là gì?",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var mentions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var channels = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var perSecond = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var report = new StringBuilder()
            .AppendLine("# Discord adapter benchmark")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run: `dotnet run -c Release --project bench/Bot.Bench -- discord {mentions} {channels} {perSecond}` on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.")
            .AppendLine()
            .AppendLine("Setup: the fake Discord server on loopback (REST + WebSocket gateway; 5 requests per 5 s per route bucket, like Discord's per-channel message limit), the adapter with the real engine (extractive answerer) over the repository's knowledge, the client's global limit at Discord's 50 requests/s. Each mention is injected as MESSAGE_CREATE; latency runs from injection to the reply stored by the fake (typing indicator, engine, rate-limit waits, REST). Two runs: a steady stream, then all mentions at once (a burst, where Discord's limits set the pace: every answer costs a typing call and a message, so 2,000 requests at 50/s take at least 40 s).")
            .AppendLine()
            .AppendLine("| measure | steady | burst |")
            .AppendLine("|---|---|---|");
        var steady = await RunScenarioAsync(mentions, channels, perSecond);
        var burst = await RunScenarioAsync(mentions, channels, double.PositiveInfinity);
        foreach (var (name, value) in steady.Rows)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} | {burst.Rows.First(r => r.Name == name).Value} |");
        }

        Console.WriteLine(report);
        var output = Path.Combine(RepositoryPaths.Root, "bench", "results", "discord.md");
        await File.WriteAllTextAsync(output, report.ToString());
        var ok = steady.Ok && burst.Ok;
        Console.WriteLine(ok ? "OK" : "FAILED");
        return ok ? 0 : 1;
    }

    private static async Task<(List<(string Name, string Value)> Rows, bool Ok)> RunScenarioAsync(int mentions, int channels, double perSecond)
    {
        await using var fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { IdentifyWindow = TimeSpan.Zero, BucketLimit = 5, BucketWindow = TimeSpan.FromSeconds(5) });
        var channelIds = Enumerable.Range(0, channels).Select(i => (810000000000000000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var id in channelIds)
        {
            fake.AddChannel(new FakeChannel(id, 0, FakeDiscordServer.GuildId, null));
        }

        using var knowledge = TempKnowledgeFolder.CopyOf(RepositoryPaths.Knowledge);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);
        var settings = new Dictionary<string, string?>(fake.BotConfiguration()) { ["Knowledge:Path"] = knowledge.Root, ["Discord:RegisterCommands"] = "false" };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        builder.Services.AddDiscord(builder.Configuration);
        await using var app = builder.Build();
        await app.StartAsync();
        await fake.WaitForSessionsAsync(1);

        var sentAt = new Dictionary<string, DateTimeOffset>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < mentions; i++)
        {
            var due = double.IsPositiveInfinity(perSecond) ? TimeSpan.Zero : TimeSpan.FromSeconds(i / perSecond);
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var channel = channelIds[i % channels];
            var at = DateTimeOffset.UtcNow;
            var id = await fake.SendUserMessageAsync(new FakeUserMessage(channel, $"<@{fake.Options.BotUserId}> {Questions[i % Questions.Length]} (#{i})", MentionBot: true));
            sentAt[id] = at;
        }

        var answered = new Dictionary<string, DateTimeOffset>();
        await fake.WaitUntilAsync(() => Answered(fake, answered) >= mentions, TimeSpan.FromMinutes(5));
        var elapsed = clock.Elapsed;
        var latencies = answered.Select(a => (a.Value - sentAt[a.Key]).TotalMilliseconds).Order().ToList();
        var messages = fake.BotMessages();
        var requests = fake.Requests;
        List<(string, string)> rows =
        [
            ("mentions sent / answered", $"{mentions} / {answered.Count}"),
            ("channels", $"{channels}"),
            ("injection", double.IsPositiveInfinity(perSecond) ? "all at once" : $"{perSecond}/s"),
            ("wall time", $"{elapsed.TotalSeconds:0.0} s"),
            ("latency p50", $"{Percentile(latencies, 0.50):0} ms"),
            ("latency p90", $"{Percentile(latencies, 0.90):0} ms"),
            ("latency p99", $"{Percentile(latencies, 0.99):0} ms"),
            ("latency max", $"{latencies.LastOrDefault():0} ms"),
            ("bot messages (longest)", $"{messages.Count} ({messages.Max(m => m.Content.Length)} chars)"),
            ("REST requests (429 answers)", $"{requests.Count} ({requests.Count(r => r.Status == 429)})"),
            ("rate-limit violations seen by the fake", $"{fake.RateLimitViolations}"),
            ("allowed_mentions violations", $"{fake.AllowedMentionsViolations}"),
            ("messages over 2000 chars", $"{messages.Count(m => m.Content.Length > 2000)}"),
        ];
        await app.StopAsync();
        var ok = answered.Count == mentions && fake.RateLimitViolations == 0 && fake.AllowedMentionsViolations == 0 && messages.All(m => m.Content.Length <= 2000);
        return (rows, ok);
    }

    private static int Answered(FakeDiscordServer fake, Dictionary<string, DateTimeOffset> answered)
    {
        foreach (var m in fake.BotMessages())
        {
            if (m.ReferencedMessageId is { } r && !answered.ContainsKey(r))
            {
                answered[r] = m.At;
            }
        }

        return answered.Count;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
