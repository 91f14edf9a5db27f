switch (args.FirstOrDefault())
{
    case "telegram": return await Bot.Bench.Telegram.TelegramBenchmark.RunAsync(args[1..]);
    default:
        Console.WriteLine("usage: dotnet run -c Release --project bench/Bot.Bench -- <suite>");
        return 0;
}
