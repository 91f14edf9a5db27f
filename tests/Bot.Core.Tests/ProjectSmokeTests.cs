namespace Bot.Core.Tests;

public class ProjectSmokeTests
{
    [Fact]
    public void Repository_root_is_found_from_the_test_output()
    {
        File.Exists(Path.Combine(Bot.Testing.RepositoryPaths.Root, "Bot.sln")).ShouldBeTrue();
    }
}
