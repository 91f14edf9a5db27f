// Benchmarks: dotnet run -c Release --project bench/Bot.Bench -- <suite>. Each suite lives in its own folder.
return args.Length == 0
    ? Usage()
    : args[0] switch
    {
        "search" => await Bot.Bench.Search.SearchBenchmark.RunAsync(args[1..]),
        "answers" => await Bot.Bench.Answers.AnswersBenchmark.RunAsync(args[1..]),
        "model" => await Bot.Bench.Model.ModelBenchmark.RunAsync(args[1..]),
        "discord" => await Bot.Bench.Discord.DiscordBench.RunAsync(args[1..]),
        "telegram" => await Bot.Bench.Telegram.TelegramBenchmark.RunAsync(args[1..]),
        "soak" => await Bot.Bench.Soak.SoakBenchmark.RunAsync(args[1..]),
        "dashboard" => await Bot.Bench.Dashboard.DashboardBenchmark.RunAsync(args[1..]),
        _ => Usage(),
    };

static int Usage()
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Bot.Bench -- <suite>");
    Console.WriteLine("suites: search   index build, query latency p50/p99, allocations and memory vs Lucene.Net");
    Console.WriteLine("        answers  one extractive answer in process on the real knowledge, p50/p99 (target p99 < 5 ms)");
    Console.WriteLine("        model    the bot's overhead around the model call (retrieval, prompt, post-processing) p50/p99");
    Console.WriteLine("        discord  1,000 mentions over 50 channels through the fake Discord server: all answered, limits kept, p50/p99");
    Console.WriteLine("        telegram 1,000 questions from 100 chats through the fake Bot API: all answered, limits, p50/p99 update to reply");
    Console.WriteLine("        soak     100,000 Telegram messages from 50,000 users in 20,000 chats: heap after full GC at 20% and 100%, RSS");
    Console.WriteLine("        dashboard 100,000 logged questions (SQLite): 30-day landing page p50/p95 for an owner and a one-guild moderator");
    return 2;
}
