Console.WriteLine("usage: dotnet run -c Release --project bench/Bot.Bench -- <suite>");
return 0;
