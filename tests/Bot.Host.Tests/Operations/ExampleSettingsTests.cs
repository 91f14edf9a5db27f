using Bot.Testing;

namespace Bot.Host.Tests.Operations;

/// <summary>
/// The README tells new users to copy <c>appsettings.example.json</c> to <c>appsettings.json</c>: the copy, unchanged,
/// must start the real program (a bad or misspelt value in the example stops it with exit code 3).
/// </summary>
[Collection(CliCollection.Name)]
public class ExampleSettingsTests
{
    [Theory]
    [InlineData("validate")]
    [InlineData("ask", "When was Sora released?")]
    public async Task The_program_runs_with_the_example_settings_copied_as_appsettings_json(params string[] args)
    {
        using var work = new TempKnowledgeFolder();
        File.Copy(Path.Combine(RepositoryPaths.Root, "appsettings.example.json"), Path.Combine(work.Root, "appsettings.json"));

        var (code, stdout, stderr) = await ProgramProcess.RunAsync(work.Root, [.. args, "--knowledge", RepositoryPaths.Knowledge]);

        code.ShouldBe(0, stderr);
        stdout.ShouldNotBeNullOrWhiteSpace();
        stderr.ShouldNotContain("Configuration error");
    }
}
