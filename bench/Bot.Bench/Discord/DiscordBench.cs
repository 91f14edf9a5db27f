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
            var due = TimeSpan.FromSeconds(i / perSecond);
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
        var report = new StringBuilder()
            .AppendLine("# Discord adapter benchmark")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run: `dotnet run -c Release --project bench/Bot.Bench -- discord {mentions} {channels} {perSecond}` on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.")
            .AppendLine()
            .AppendLine("Setup: the fake Discord server on loopback (REST + WebSocket gateway, 5 requests per 5 s per route bucket, like Discord's message limit), the adapter with the real engine (extractive answerer) over the repository's knowledge. Each mention is injected as MESSAGE_CREATE at a steady rate; latency runs from injection to the reply stored by the fake (typing indicator, engine, rate-limit waits, REST).")
            .AppendLine()
            .AppendLine("| measure | value |")
            .AppendLine("|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| mentions sent / answered | {mentions} / {answered.Count} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| channels | {channels} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| injection rate | {perSecond}/s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| wall time | {elapsed.TotalSeconds:0.0} s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| latency p50 | {Percentile(latencies, 0.50):0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| latency p90 | {Percentile(latencies, 0.90):0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| latency p99 | {Percentile(latencies, 0.99):0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| latency max | {latencies.LastOrDefault():0} ms |")
            .AppendLine(CultureInfo.InvariantCulture, $"| bot messages | {messages.Count} (longest {messages.Max(m => m.Content.Length)} chars) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| REST requests | {requests.Count} (429 answers: {requests.Count(r => r.Status == 429)}) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| rate-limit violations seen by the fake | {fake.RateLimitViolations} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| allowed_mentions violations | {fake.AllowedMentionsViolations} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| messages over 2000 chars | {messages.Count(m => m.Content.Length > 2000)} |");
        Console.WriteLine(report);
        var output = Path.Combine(RepositoryPaths.Root, "bench", "results", "discord.md");
        await File.WriteAllTextAsync(output, report.ToString());
        await app.StopAsync();
        var ok = answered.Count == mentions && fake.RateLimitViolations == 0 && fake.AllowedMentionsViolations == 0 && messages.All(m => m.Content.Length <= 2000);
        Console.WriteLine(ok ? "OK" : "FAILED");
        return ok ? 0 : 1;
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
