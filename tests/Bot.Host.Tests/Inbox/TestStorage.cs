using Bot.Testing;
using Npgsql;

namespace Bot.Host.Tests.Inbox;

/// <summary>
/// A fresh SQLite file or PostgreSQL schema (in the server of <c>BOT_TEST_POSTGRES</c>) for one test, removed on dispose.
/// </summary>
internal sealed class TestStorage : IAsyncDisposable
{
    /// <summary>True when PostgreSQL tests run: <c>BOT_TEST_POSTGRES</c> names a server, or <c>CI=true</c> (where they must).</summary>
    public static bool PostgresRuns =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("BOT_TEST_POSTGRES")) ||
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private readonly string? _folder;
    private readonly string? _admin;
    private readonly string? _schema;

    private TestStorage(Dictionary<string, string?> settings, string? folder, string? admin, string? schema)
    {
        Settings = settings;
        _folder = folder;
        _admin = admin;
        _schema = schema;
    }

    public Dictionary<string, string?> Settings { get; }

    public static async Task<TestStorage> CreateAsync(string provider)
    {
        if (provider == "Sqlite")
        {
            var folder = Path.Combine(Path.GetTempPath(), "bot-crash-" + Guid.NewGuid().ToString("N"));
            return new TestStorage(new() { ["Storage:Provider"] = "Sqlite", ["Storage:Path"] = Path.Combine(folder, "bot.db") }, folder, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("BOT_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException("CI=true but BOT_TEST_POSTGRES is not set: the PostgreSQL crash test cannot run.");
        }

        var schema = "crash_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ToString();
        return new TestStorage(new() { ["Storage:Provider"] = "Postgres", ["Storage:ConnectionString"] = connectionString }, null, admin, schema);
    }

    public async ValueTask DisposeAsync()
    {
        if (_folder is not null)
        {
            BotTestHost.DeleteFolder(_folder);
        }

        if (_admin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>A fact that needs PostgreSQL: skipped, with the reason, unless <see cref="TestStorage.PostgresRuns"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestStorage.PostgresRuns)
        {
            Skip = "BOT_TEST_POSTGRES is not set (.ci/run starts a PostgreSQL server and sets it)";
        }
    }
}
