using System.Text.RegularExpressions;
using Bot.Testing;

namespace Bot.Host.Tests.Operations;

/// <summary>
/// What can be checked of the packaging without a container engine: the settings the Dockerfile, the compose file and
/// the systemd unit pass are real keys, and the container's health check, user, port and volumes fit the program.
/// </summary>
public partial class PackagingFilesTests
{
    public static TheoryData<string> DeploymentFiles() => ["Dockerfile", "docker-compose.yml", "deploy/bot.service"];

    [Theory]
    [MemberData(nameof(DeploymentFiles))]
    public void Every_setting_passed_by_environment_is_a_real_key(string file)
    {
        var text = Read(file);
        // Options classes, plus list-valued keys read by hand (Discord:Intents, Discord:ShardIds), which the example lists.
        var keys = ConfigurationDocsTests.OptionKeys().Concat(ConfigurationDocsTests.ExampleKeys()).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var passed = EnvironmentKey().Matches(text).Select(m => m.Groups[1].Value.Replace("__", ":", StringComparison.Ordinal)).Distinct().ToList();

        passed.ShouldNotBeEmpty();
        foreach (var key in passed.Where(k => !k.StartsWith("Logging:LogLevel", StringComparison.OrdinalIgnoreCase)))
        {
            keys.ShouldContain(key, $"{file} sets {key}, which no options class reads");
        }
    }

    [Fact]
    public void The_container_checks_its_health_with_the_healthcheck_verb_as_a_non_root_user()
    {
        var dockerfile = Read("Dockerfile");

        HealthCheckLine().Match(dockerfile).Success.ShouldBeTrue("the HEALTHCHECK runs `dotnet /app/Bot.Host.dll healthcheck`");
        CommandLine.Verbs.ShouldContain("healthcheck");
        dockerfile.ShouldContain("USER $APP_UID");
        dockerfile.ShouldContain("FROM mcr.microsoft.com/dotnet/aspnet:10.0");
        dockerfile.ShouldContain("VOLUME [\"/app/knowledge\", \"/app/data\"]");
        dockerfile.ShouldContain("Http__Urls=http://+:8080");
        dockerfile.ShouldContain("EXPOSE 8080");
        HealthCheckCommandProbe("http://+:8080").ShouldBe("http://127.0.0.1:8080/");
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_and_local_secrets()
    {
        var ignored = Read(".dockerignore").Split('\n', StringSplitOptions.TrimEntries);

        ignored.ShouldContain("**/bin/");
        ignored.ShouldContain("**/obj/");
        ignored.ShouldContain(".env");
        ignored.ShouldContain("**/*.db");
    }

    [Fact]
    public void The_systemd_unit_does_not_restart_after_a_configuration_error()
    {
        var unit = Read("deploy/bot.service");

        unit.ShouldContain("RestartPreventExitStatus=3");
        unit.ShouldContain("ExecStart=/usr/bin/dotnet /opt/ai-race-bot/Bot.Host.dll");
        unit.ShouldContain("EnvironmentFile=/etc/ai-race-bot/bot.env");
        unit.ShouldNotContain("User=root");
    }

    private static string HealthCheckCommandProbe(string urls) => Cli.HealthCheckCommand.ToProbeAddress(urls)!.ToString();

    private static string Read(string relative) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, relative));

    /// <summary><c>Section__Key</c> as an environment variable name (Dockerfile, compose, systemd).</summary>
    [GeneratedRegex(@"\b([A-Z][A-Za-z]+__[A-Z][A-Za-z.]+(?:__[A-Z][A-Za-z.]+)*)\s*[=:]")]
    private static partial Regex EnvironmentKey();

    [GeneratedRegex(@"HEALTHCHECK[^\n]*\\\n\s*CMD \[""dotnet"", ""/app/Bot\.Host\.dll"", ""healthcheck""\]")]
    private static partial Regex HealthCheckLine();
}
