using Bot.Host.Cli;
using Bot.Testing;

namespace Bot.Host.Tests.Operations;

/// <summary>A bad configuration value stops the program with exit code 3 and one line naming the key (README, OPERATIONS.md).</summary>
[Collection(CliCollection.Name)]
public class ConfigurationErrorTests
{
    /// <summary>Through a verb (<c>ask</c>, which checks the platform sections too) and through the service (a token set, no verb).</summary>
    [Theory]
    [InlineData("--Bot:DefaultChannelMode=loud", "Bot:DefaultChannelMode has 'loud', which is not one of Mentions, All, Commands.", false)]
    [InlineData("--Bot:AllowPrivateChats=maybe", "Bot:AllowPrivateChats has 'maybe', which is not true or false.", false)]
    [InlineData("--Bot:RateLimit:PerChannelPerMinute=abc", "Bot:RateLimit:PerChannelPerMinute has 'abc', which is not a whole number.", false)]
    [InlineData("--Storage:InboxMaxAgeMinutes=soon", "Storage:InboxMaxAgeMinutes has 'soon', which is not a whole number.", false)]
    [InlineData("--Telegram:Mode=Hook", "Telegram:Mode has 'Hook', which is not one of Polling, Webhook.", false)]
    [InlineData("--Telegram:Mode=Hook", "Telegram:Mode has 'Hook', which is not one of Polling, Webhook.", true)]
    [InlineData("--Discord:Workers=many", "Discord:Workers has 'many', which is not a whole number.", true)]
    [InlineData("--Discord:Workers=0", "Discord:Workers must be between 1 and 256.", true)]
    [InlineData("--Discord:Workers=0", "Discord:Workers must be between 1 and 256.", false)]
    public async Task A_bad_value_stops_the_start_with_one_line_naming_the_key(string setting, string message, bool service)
    {
        string[] start = service ? ["--Telegram:Token=123:abc"] : ["ask", "hi"];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await BotCli.RunAsync([.. start, "--knowledge", RepositoryPaths.Knowledge, setting], new StringReader(""), stdout, stderr);

        code.ShouldBe(3);
        stderr.ToString().Trim().ShouldBe("Configuration error: " + message);
    }

    /// <summary>The real program: the host's own "Hosting failed to start" error and its stack trace are not printed.</summary>
    [Theory]
    [InlineData("--Bot:DefaultChannelMode=loud", "Bot:DefaultChannelMode")]
    [InlineData("--Bot:MaxQuestionChars=5", "Bot:MaxQuestionChars")]
    public async Task The_program_prints_one_line_and_exits_with_3(string setting, string key)
    {
        using var work = new TempKnowledgeFolder();
        var (code, stdout, stderr) = await ProgramProcess.RunAsync(
            work.Root, "ask", "hi", "--knowledge", RepositoryPaths.Knowledge, setting);

        code.ShouldBe(3);
        stdout.ShouldBeEmpty();
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, stderr);
        lines[0].ShouldStartWith("Configuration error: " + key);
    }
}
