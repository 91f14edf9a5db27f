using Bot.Testing;

namespace Bot.Host.Tests.Operations;

/// <summary>
/// The real program reads settings in the standard .NET order: appsettings.json, user secrets (Development only),
/// environment variables, command line; a later source wins. Seen through <c>Bot:MaxQuestionChars</c>: 5 is out of
/// range (exit code 3), 500 is fine (exit code 0).
/// </summary>
[Collection(CliCollection.Name)]
public class ConfigurationOrderTests
{
    private const string Bad = "5";
    private const string Good = "500";

    [Theory]
    [InlineData("Development", null, Bad, null, null, 3)]
    [InlineData("Production", null, Bad, null, null, 0)]
    [InlineData("Development", Bad, Good, null, null, 0)]
    [InlineData("Development", null, Bad, Good, null, 0)]
    [InlineData("Development", null, Bad, null, Good, 0)]
    [InlineData("Development", null, null, Bad, Good, 0)]
    public async Task A_later_source_wins(string environment, string? appsettings, string? secrets, string? variable, string? argument, int expected)
    {
        using var home = new TempKnowledgeFolder();
        using var work = new TempKnowledgeFolder();
        if (appsettings is not null)
        {
            work.Write("appsettings.json", Settings(appsettings));
        }

        if (secrets is not null)
        {
            // Where user secrets live for UserSecretsId "ai-race-community-bot" when HOME is set and APPDATA is not.
            home.Write(".microsoft/usersecrets/ai-race-community-bot/secrets.json", Settings(secrets));
        }

        var env = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = environment,
            ["HOME"] = home.Root,
            ["APPDATA"] = null,
            ["Bot__MaxQuestionChars"] = variable,
        };
        string[] args = ["validate", "--knowledge", RepositoryPaths.Knowledge, .. argument is null ? Array.Empty<string>() : [$"--Bot:MaxQuestionChars={argument}"]];

        var (code, _, stderr) = await ProgramProcess.RunAsync(work.Root, env, args);

        code.ShouldBe(expected, stderr);
    }

    private static string Settings(string maxQuestionChars) => $$"""{ "Bot": { "MaxQuestionChars": {{maxQuestionChars}} } }""";
}
