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
/// <c>--discord</c> runs the same through the fake Discord server (gateway MESSAGE_CREATE mentions, REST replies).
/// Usage: <c>dotnet run -c Release --project bench/Bot.Bench -- soak [messages] [--limits] [--discord]</c>.
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
        if (args.Contains("--discord"))
        {
            return await RunDiscordAsync(total, limits);
        }

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

        await using var app = BuildHost(settings, (services, configuration) => services.AddTelegram(configuration));
        await app.StartAsync();
        await fake.WaitForAsync(r => r.Is("getUpdates"));

        // Chat c < 10,000: the private chat of user c; otherwise a group, where users 10,000..49,999 ask in turn.
        var chats = Enumerable.Range(0, Chats)
            .Select(c => c < Chats / 2 ? fake.AddChat(1_000_000 + c, FakeChatType.Private) : fake.AddChat(-1_000_000 - c, FakeChatType.Supergroup, "Group " + c))
            .ToList();
        var groupUsers = Enumerable.Range(Chats / 2, Users - (Chats / 2)).Select(u => new FakeUser(2_000_000 + u, "U" + u, u % 3 == 0 ? "vi" : "en")).ToList();
        var privateUsers = chats.Take(Chats / 2).Select((c, i) => new FakeUser(c.Id, "P" + i, i % 3 == 0 ? "vi" : "en")).ToList();

        var run = await RunRoundsAsync(total, fake.Forget, async (start, count) =>
        {
            for (var m = start; m < start + count; m++)
            {
                var c = m % Chats;
                var isPrivate = c < Chats / 2;
                var user = isPrivate ? privateUsers[c] : groupUsers[m % groupUsers.Count];
                var text = (isPrivate ? string.Empty : "/ask ") + Questions[m % Questions.Length];
                fake.Post(chats[c], user, text);
            }

            var replies = await fake.WaitForAsync(r => r.Is("sendMessage") && r.Succeeded && r.Body["reply_parameters"] is not null, count, TimeSpan.FromMinutes(limits ? 60 : 10));
            return replies.Count;
        });
        await app.StopAsync();
        return Report("Telegram", limits, run, total);
    }

    /// <summary>The same load through the fake Discord server: mentions in 20,000 guild channels by 50,000 authors.</summary>
    private static async Task<int> RunDiscordAsync(int total, bool limits)
    {
        await using var fake = await Bot.Testing.FakeDiscord.FakeDiscordServer.StartAsync(new Bot.Testing.FakeDiscord.FakeDiscordOptions
        {
            IdentifyWindow = TimeSpan.Zero,
            BucketLimit = limits ? 5 : 1_000_000,
            BucketWindow = TimeSpan.FromSeconds(5),
        });
        var channelIds = Enumerable.Range(0, Chats).Select(i => (810000000000000000L + i).ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var id in channelIds)
        {
            fake.AddChannel(new Bot.Testing.FakeDiscord.FakeChannel(id, 0, Bot.Testing.FakeDiscord.FakeDiscordServer.GuildId, null));
        }

        var settings = new Dictionary<string, string?>(fake.BotConfiguration())
        {
            ["Knowledge:Path"] = RepositoryPaths.Knowledge,
            ["Discord:RegisterCommands"] = "false",
            ["Storage:Provider"] = "Memory",
        };
        if (!limits)
        {
            settings["Discord:GlobalRequestsPerSecond"] = "10000";
            settings["Bot:RateLimit:PerUserPerMinute"] = "1000";
            settings["Bot:RateLimit:PerChannelPerMinute"] = "10000";
        }

        await using var app = BuildHost(settings, (services, configuration) => Bot.Discord.DiscordServiceCollectionExtensions.AddDiscord(services, configuration));
        await app.StartAsync();
        await fake.WaitForSessionsAsync(1);

        var run = await RunRoundsAsync(total, fake.Forget, async (start, count) =>
        {
            for (var m = start; m < start + count; m++)
            {
                var author = (700000000000000000L + (m % Users)).ToString(CultureInfo.InvariantCulture);
                await fake.SendUserMessageAsync(new Bot.Testing.FakeDiscord.FakeUserMessage(
                    channelIds[m % Chats], $"<@{fake.Options.BotUserId}> {Questions[m % Questions.Length]}", MentionBot: true, AuthorId: author));
            }

            await fake.WaitUntilAsync(() => fake.BotMessages().Count(b => b.ReferencedMessageId is not null) >= count, TimeSpan.FromMinutes(limits ? 60 : 10));
            return fake.BotMessages().Count(b => b.ReferencedMessageId is not null);
        });
        await app.StopAsync();
        return Report("Discord", limits, run, total);
    }

    /// <summary>The bot's composition as in production, with the given adapter; state in a memory database (outside the managed heap).</summary>
    private static WebApplication BuildHost(Dictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> addAdapter)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddBotCore(builder.Configuration);
        addAdapter(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>Rounds of <see cref="Round"/> messages, each answered before the next; the heap is measured at 20% and 100%.</summary>
    private static async Task<SoakRun> RunRoundsAsync(int total, Action forget, Func<int, int, Task<int>> round)
    {
        var clock = Stopwatch.StartNew();
        var rows = new List<string>();
        var answered = 0;
        long? heapAt20 = null;
        for (var start = 0; start < total; start += Round)
        {
            var count = Math.Min(Round, total - start);
            answered += await round(start, count);
            forget();
            var done = start + count;
            if (heapAt20 is null && done >= total / 5)
            {
                heapAt20 = Heap();
                rows.Add(Row("20%", done, heapAt20.Value, clock.Elapsed));
            }
        }

        var heapAt100 = Heap();
        rows.Add(Row("100%", total, heapAt100, clock.Elapsed));
        return new SoakRun(rows, answered, heapAt20!.Value, heapAt100, clock.Elapsed);
    }

    private static int Report(string adapter, bool limits, SoakRun run, int total)
    {
        Console.WriteLine("| point | messages | managed heap after full GC | process RSS | elapsed |");
        Console.WriteLine("|---|---|---|---|---|");
        run.Rows.ForEach(Console.WriteLine);
        var growth = (run.HeapAt100 - run.HeapAt20) / 1024.0 / 1024.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{adapter}, {(limits ? "platform limits" : "limits lifted")}: answered {run.Answered} of {total}; heap growth 20%→100%: {growth:F1} MiB; {total / run.Elapsed.TotalSeconds:F0} messages/s"));
        return run.Answered >= total && growth < 10 ? 0 : 1;
    }

    private sealed record SoakRun(List<string> Rows, int Answered, long HeapAt20, long HeapAt100, TimeSpan Elapsed);

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
