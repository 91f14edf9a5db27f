namespace Bot.Storage.Tests.Infrastructure;

/// <summary>The PostgreSQL server for the tests: <c>BOT_TEST_POSTGRES</c>, a connection string (set by <c>.ci/run</c>).</summary>
public static class PostgresServer
{
    public const string Variable = "BOT_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the PostgreSQL tests should run: a server is configured, or CI=true (where a missing one fails them).</summary>
    public static string? SkipReason => ConnectionString is null && !InCi
        ? $"No PostgreSQL server configured: set {Variable} to a connection string (.ci/run starts a throwaway server) to run the PostgreSQL storage tests."
        : null;

    public static string RequireConnectionString() => ConnectionString ?? throw new InvalidOperationException(
        $"CI=true but {Variable} is not set: the PostgreSQL storage tests need a server (.ci/run starts one).");
}
