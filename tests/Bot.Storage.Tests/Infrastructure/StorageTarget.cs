using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bot.Storage.Tests.Infrastructure;

/// <summary>A fresh, empty database for one test: its configuration, and raw access for tests that play an older program.</summary>
public abstract class StorageTarget : IAsyncDisposable
{
    public abstract StorageProvider Provider { get; }

    /// <summary>The <c>Storage:*</c> settings that point a host at this database.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public abstract Task<DbConnection> OpenRawAsync();

    public abstract ValueTask DisposeAsync();

    public static async Task<StorageTarget> CreateAsync(StorageProvider provider) => provider switch
    {
        StorageProvider.Postgres => await PostgresTarget.CreateAsync(),
        _ => new SqliteTarget(),
    };
}

/// <summary>A SQLite file in a fresh temp folder.</summary>
public sealed class SqliteTarget : StorageTarget
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "bot-storage-" + Guid.NewGuid().ToString("N"));

    public SqliteTarget()
    {
        Directory.CreateDirectory(_folder);
        FilePath = Path.Combine(_folder, "state", "bot.db");
    }

    public string FilePath { get; }

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Path"] = FilePath,
    };

    public override async Task<DbConnection> OpenRawAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>A fresh schema in the test server's database, first on the search path; dropped on dispose.</summary>
public sealed class PostgresTarget : StorageTarget
{
    private readonly string _admin;
    private readonly string _schema;

    private PostgresTarget(string admin, string schema)
    {
        _admin = admin;
        _schema = schema;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { SearchPath = schema }.ToString();
    }

    public string ConnectionString { get; }

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = ConnectionString,
    };

    public static async Task<PostgresTarget> CreateAsync()
    {
        var admin = PostgresServer.RequireConnectionString();
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
        await create.ExecuteNonQueryAsync();
        return new PostgresTarget(admin, schema);
    }

    public override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
