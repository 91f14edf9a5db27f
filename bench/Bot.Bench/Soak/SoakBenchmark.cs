using System.Diagnostics;
using System.Globalization;
using Bot.Core;
using Bot.Knowledge;
using Bot.Storage;
using Bot.Telegram;
using Bot.Testing;
using Bot.Testing.FakeTelegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Bench.Soak;

/// <summary>
/// Memory over a long run: <c>messages</c> Telegram messages (default 100,000) from 50,000 distinct users in 20,000
/// chats (half private, half groups asking with <c>/ask</c>) through the fake Bot API, answered by the real engine over
/// the repository's knowledge with the default bounds. The managed heap after a full GC is measured at 20% and at 100%
/// of the run (the fake's own request log is cleared before each measurement, so the bot is measured, not the fake),
/// and the process RSS is reported. <c>--limits</c> keeps Telegram's real pacing (use a smaller count).
/// Usage: <c>dotnet run -c Release --project bench/Bot.Bench -- soak [messages] [--limits]</c>.
/// </summary>
internal static class SoakBenchmark
{
    private const int Chats = 20_000;
    private const int Users = 50_000;
    private const int Round = 2_000;

    private static readonly string[] Questions =
    [
        "When did OpenAI release Sora 2?",
        "What is DeepSeek-R1?",
        "Sora 2 ra mắt khi nào?",
        "What are the US export controls on Nvidia H20?",
        "Huawei Ascend là gì?",
        "What is Kling?",
        "Qwen của Alibaba là gì?",
        "How much did DeepSeek-R1 cost to train?",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 100_000;
        var limits = args.Contains("--limits");

        await using var fake = await FakeTelegramServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Knowledge:Path"] = RepositoryPaths.Knowledge,
            ["Telegram:Token"] = fake.Token,
            ["Telegram:BaseUrl"] = fake.BaseUrl,
            ["Telegram:PollTimeoutSeconds"] = "5",
            ["Telegram:SetCommands"] = "false",

            // The state the bot keeps in its database lives outside the managed heap here, as in production (SQLite).
            ["Storage:Provider"] = "Memory",
        };
        if (!limits)
        {
            settings["Telegram:PerChatIntervalMilliseconds"] = "0";
            settings["Telegram:GroupMessagesPerMinute"] = "10000";
            settings["Telegram:GlobalMessagesPerSecond"] = "10000";
            settings["Bot:RateLimit:PerUserPerMinute"] = "1000";
            settings["Bot:RateLimit:PerChannelPerMinute"] = "10000";
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        builder.Services.AddTelegram(builder.Configuration);
        await using var app = builder.Build();
        await app.StartAsync();
        await fake.WaitForAsync(r => r.Is("getUpdates"));

        // Chat c < 10,000: the private chat of user c; otherwise a group, where users 10,000..49,999 ask in turn.
        var chats = Enumerable.Range(0, Chats)
            .Select(c => c < Chats / 2 ? fake.AddChat(1_000_000 + c, FakeChatType.Private) : fake.AddChat(-1_000_000 - c, FakeChatType.Supergroup, "Group " + c))
            .ToList();
        var groupUsers = Enumerable.Range(Chats / 2, Users - (Chats / 2)).Select(u => new FakeUser(2_000_000 + u, "U" + u, u % 3 == 0 ? "vi" : "en")).ToList();
        var privateUsers = chats.Take(Chats / 2).Select((c, i) => new FakeUser(c.Id, "P" + i, i % 3 == 0 ? "vi" : "en")).ToList();

        var clock = Stopwatch.StartNew();
        var rows = new List<string>();
        var sent = 0;
        long? heapAt20 = null;
        for (var start = 0; start < total; start += Round)
        {
            var count = Math.Min(Round, total - start);
            for (var m = start; m < start + count; m++)
            {
                var c = m % Chats;
                var isPrivate = c < Chats / 2;
                var user = isPrivate ? privateUsers[c] : groupUsers[m % groupUsers.Count];
                var text = (isPrivate ? string.Empty : "/ask ") + Questions[m % Questions.Length];
                fake.Post(chats[c], user, text);
            }

            var replies = await fake.WaitForAsync(r => r.Is("sendMessage") && r.Succeeded && r.Body["reply_parameters"] is not null, count, TimeSpan.FromMinutes(limits ? 60 : 10));
            sent += replies.Count;
            fake.Forget();
            var done = start + count;
            if (heapAt20 is null && done >= total / 5)
            {
                heapAt20 = Heap();
                rows.Add(Row("20%", done, heapAt20.Value, clock.Elapsed));
            }
        }

        var heapAt100 = Heap();
        rows.Add(Row("100%", total, heapAt100, clock.Elapsed));
        await app.StopAsync();

        Console.WriteLine($"| point | messages | managed heap after full GC | process RSS | elapsed |");
        Console.WriteLine("|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        var growth = (heapAt100 - heapAt20!.Value) / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mode: {(limits ? "Telegram limits" : "limits lifted")}; answered {sent} of {total}; heap growth 20%→100%: {growth:F1} MiB; {total / clock.Elapsed.TotalSeconds:F0} messages/s"));
        return sent >= total && growth < 10 ? 0 : 1;
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Row(string point, int messages, long heap, TimeSpan elapsed)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {point} | {messages:N0} | {heap / 1024.0 / 1024.0:F1} MiB | {process.WorkingSet64 / 1024.0 / 1024.0:F0} MiB | {elapsed.TotalSeconds:F0} s |");
    }
}
