using System.Diagnostics;
using System.Globalization;
using Bot.Core;
using Bot.Knowledge;
using Bot.Telegram;
using Bot.Testing;
using Bot.Testing.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Bench.Telegram;

/// <summary>
/// 1,000 questions from 100 chats (50 private, 50 groups), all posted at once to the fake Bot API, answered by the real
/// engine over the repository's knowledge through the Telegram adapter. Reports whether every question got its reply,
/// the limits as observed by the fake server, and the time from update to reply.
/// Usage: <c>dotnet run -c Release --project bench/Bot.Bench -- telegram [questions] [chats] [--fast]</c>;
/// <c>--fast</c> lifts the pacing limits to measure the adapter's own overhead.
/// </summary>
internal static class TelegramBenchmark
{
    private static readonly string[] Questions =
    [
        "When did OpenAI release Sora 2?",
        "What is DeepSeek-R1?",
        "Sora 2 ra mắt khi nào?",
        "What are the US export controls on Nvidia H20?",
        "Huawei Ascend là gì?",
        "What is Kling?",
        "Qwen của Alibaba là gì?",
        "Which chips did the October 2022 rules restrict?",
        "How much did DeepSeek-R1 cost to train?",
        "Veo 3 là gì?",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
        var total = numbers.Count > 0 ? numbers[0] : 1000;
        var chatCount = numbers.Count > 1 ? numbers[1] : 100;
        var fast = args.Contains("--fast");

        await using var fake = await FakeTelegramServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Knowledge:Path"] = RepositoryPaths.Knowledge,
            ["Telegram:Token"] = fake.Token,
            ["Telegram:BaseUrl"] = fake.BaseUrl,
            ["Telegram:PollTimeoutSeconds"] = "5",
            ["Telegram:SetCommands"] = "false",
        };
        if (fast)
        {
            settings["Telegram:PerChatIntervalMilliseconds"] = "0";
            settings["Telegram:GroupMessagesPerMinute"] = "10000";
            settings["Telegram:GlobalMessagesPerSecond"] = "10000";
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        builder.Services.AddTelegram(builder.Configuration);
        await using var app = builder.Build();
        await app.StartAsync();
        await fake.WaitForAsync(r => r.Is("getUpdates"));

        var chats = Enumerable.Range(0, chatCount)
            .Select(i => i % 2 == 0
                ? fake.AddChat(10_000 + i, FakeChatType.Private)
                : fake.AddChat(-10_000 - i, FakeChatType.Supergroup, "Group " + i))
            .ToList();
        var users = chats.Select((c, i) => new FakeUser(c.Type == FakeChatType.Private ? c.Id : 50_000 + i, "U" + i, i % 3 == 0 ? "vi" : "en")).ToList();
        var posted = new Dictionary<(long Chat, int Message), DateTimeOffset>();

        var clock = Stopwatch.StartNew();
        for (var n = 0; n < total; n++)
        {
            var c = n % chatCount;
            var text = (chats[c].Type == FakeChatType.Private ? string.Empty : "/ask ") + Questions[n % Questions.Length];
            var (_, messageId) = fake.Post(chats[c], users[c], text)!.Value;
            posted[(chats[c].Id, messageId)] = DateTimeOffset.UtcNow;
        }

        var replies = await fake.WaitForAsync(r => r.Is("sendMessage") && r.Succeeded && r.Body["reply_parameters"] is not null, total, TimeSpan.FromMinutes(10));
        var elapsed = clock.Elapsed;
        await app.StopAsync();

        var latencies = replies
            .Select(r => (r.At - posted[(r.ChatId!.Value, r.Body["reply_parameters"]!["message_id"]!.GetValue<int>())]).TotalMilliseconds)
            .Order()
            .ToList();
        var sends = fake.RequestsFor("sendMessage").Where(r => r.Succeeded).ToList();
        var answeredQuestions = replies.Select(r => (r.ChatId, r.Body["reply_parameters"]!["message_id"]!.GetValue<int>())).Distinct().Count();
        var perChatMinGap = sends.GroupBy(r => r.ChatId).Select(g => MinGap(g.Select(r => r.At).Order().ToList())).Min();
        var maxPerSecond = MaxInWindow(sends.Select(r => r.At).Order().ToList(), TimeSpan.FromSeconds(1));
        var maxGroupPerMinute = sends.Where(r => r.ChatId < 0).GroupBy(r => r.ChatId).Max(g => MaxInWindow(g.Select(r => r.At).Order().ToList(), TimeSpan.FromMinutes(1)));
        var inOrder = sends.GroupBy(r => r.ChatId).All(g =>
        {
            var ids = g.Where(r => r.Body["reply_parameters"] is not null).Select(r => r.Body["reply_parameters"]!["message_id"]!.GetValue<int>()).ToList();
            return ids.SequenceEqual(ids.Order());
        });

        Console.WriteLine("| mode | questions | chats | answered | in order per chat | messages sent | wall time | min gap per chat | max msgs in 1 s | max msgs/min in a group | p50 update→reply | p99 update→reply |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(fast ? "limits lifted" : "Telegram limits")} | {total} | {chatCount} | {answeredQuestions} | {(inOrder ? "yes" : "NO")} | {sends.Count} | {elapsed.TotalSeconds:F1} s | {perChatMinGap.TotalMilliseconds:F0} ms | {maxPerSecond} | {maxGroupPerMinute} | {Percentile(latencies, 0.50):F0} ms | {Percentile(latencies, 0.99):F0} ms |"));
        return answeredQuestions == total && inOrder ? 0 : 1;
    }

    private static TimeSpan MinGap(List<DateTimeOffset> times)
    {
        var min = TimeSpan.MaxValue;
        for (var i = 1; i < times.Count; i++)
        {
            var gap = times[i] - times[i - 1];
            min = gap < min ? gap : min;
        }

        return min == TimeSpan.MaxValue ? TimeSpan.Zero : min;
    }

    private static int MaxInWindow(List<DateTimeOffset> times, TimeSpan window)
    {
        var max = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= window)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
