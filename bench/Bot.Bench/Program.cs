switch (args.FirstOrDefault())
{
    case "discord": return await Bot.Bench.Discord.DiscordBench.RunAsync([.. args.Skip(1)]);
}

Console.WriteLine("usage: dotnet run -c Release --project bench/Bot.Bench -- <suite>");
return 0;
