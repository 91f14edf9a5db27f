return await Bot.Host.Cli.BotCli.RunAsync(args);
