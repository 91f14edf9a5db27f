using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Storage.Database;

/// <summary>
/// The database behind every store, opened lazily: nothing touches the disk or the network until a store is first
/// used. The first use creates the SQLite file (and its folder) or connects to PostgreSQL, and upgrades the schema.
/// When that fails (a read-only or missing folder, a server that is down), the error is logged once and this process
/// keeps its state in a private in-memory SQLite database instead of crashing; nothing is persisted for that run.
/// </summary>
public sealed partial class StorageDatabase : IAsyncDisposable, IDisposable
{
    private readonly StorageOptions _options;
    private readonly string _contentRoot;
    private readonly TimeProvider _time;
    private readonly ILogger<StorageDatabase> _logger;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile Backend? _backend;
    private bool _disposed;

    public StorageDatabase(IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageDatabase> logger, IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _contentRoot = environment?.ContentRootPath ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The provider in use once opened: <see cref="StorageProvider.Sqlite"/> also after a fall-back to memory.</summary>
    public StorageProvider Provider => _backend?.Provider ?? _options.ParsedProvider;

    /// <summary>True once opened, when the configured database could not be used and state lives in memory for this run.</summary>
    public bool IsInMemoryFallback => _backend?.IsFallback ?? false;

    /// <summary>Where the data lives, for logs: the SQLite file, or PostgreSQL host, port and database (never credentials).</summary>
    public string Location => _options.ParsedProvider == StorageProvider.Postgres ? DescribePostgres(_options.ConnectionString) : SqlitePath;

    /// <summary>The SQLite file, resolved against the content root.</summary>
    public string SqlitePath => System.IO.Path.GetFullPath(_options.Path, _contentRoot);

    /// <summary>An open connection to the initialized database; the caller disposes it.</summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var backend = _backend ?? await InitializeAsync(cancellationToken);
        return await backend.OpenAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_backend is { } backend)
        {
            await backend.DisposeAsync();
        }

        _initGate.Dispose();
    }

    /// <summary>For containers disposed synchronously: the same as <see cref="DisposeAsync"/>, which completes without waiting on I/O.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<Backend> InitializeAsync(CancellationToken cancellationToken)
    {
        await _initGate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_backend is { } ready)
            {
                return ready;
            }

            Backend? backend = null;
            try
            {
                backend = _options.ParsedProvider == StorageProvider.Postgres
                    ? new PostgresBackend(_options.ConnectionString ?? string.Empty)
                    : SqliteBackend.ForFile(SqlitePath);
                var before = await backend.MigrateAsync(_time, cancellationToken);
                if (before > Schema.LatestVersion)
                {
                    LogNewerSchema(_logger, before, Schema.LatestVersion, Location);
                }
                else if (before == 0)
                {
                    LogCreated(_logger, Location, Schema.LatestVersion);
                }
                else if (before < Schema.LatestVersion)
                {
                    LogUpgraded(_logger, Location, before, Schema.LatestVersion);
                }

                _backend = backend;
                return backend;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (backend is not null)
                {
                    await backend.DisposeAsync();
                }

                throw;
            }
#pragma warning disable CA1031 // Any failure to open the database must not stop the bot: it falls back to memory.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (backend is not null)
                {
                    await backend.DisposeAsync();
                }

                // The exception's own message is logged, never the connection string it came from.
                LogFallback(_logger, _options.ParsedProvider, Location, ex.GetType().Name, ex.Message.TrimEnd('.', ' '));
                var memory = SqliteBackend.InMemory();
                await memory.MigrateAsync(_time, cancellationToken);
                _backend = memory;
                return memory;
            }
        }
        finally
        {
            if (!_disposed)
            {
                _initGate.Release();
            }
        }
    }

    private static string DescribePostgres(string? connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (unreadable connection string)";
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage ({Provider}) could not be opened at {Location}: {ErrorType}: {Error}. State is kept in memory for this run and will be lost when it ends.")]
    private static partial void LogFallback(ILogger logger, StorageProvider provider, string location, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage created at {Location} (schema version {Version})")]
    private static partial void LogCreated(ILogger logger, string location, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage at {Location} upgraded from schema version {From} to {To}")]
    private static partial void LogUpgraded(ILogger logger, string location, int from, int to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage schema version {Found} is newer than this program knows ({Known}) at {Location}; continuing, as later versions only add tables and columns")]
    private static partial void LogNewerSchema(ILogger logger, int found, int known, string location);

    /// <summary>One provider's way of opening connections.</summary>
    private abstract class Backend : IAsyncDisposable
    {
        public abstract StorageProvider Provider { get; }

        public virtual bool IsFallback => false;

        public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

        public async Task<int> MigrateAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            await using var connection = await OpenAsync(cancellationToken);
            await PrepareAsync(connection, cancellationToken);
            return await Schema.MigrateAsync(connection, Provider, time, cancellationToken: cancellationToken);
        }

        public abstract ValueTask DisposeAsync();

        protected virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class SqliteBackend : Backend
    {
        private readonly string _connectionString;
        private readonly SqliteConnection? _keepAlive;
        private readonly bool _isFile;

        private SqliteBackend(string connectionString, bool isFile, SqliteConnection? keepAlive)
        {
            _connectionString = connectionString;
            _isFile = isFile;
            _keepAlive = keepAlive;
        }

        public override StorageProvider Provider => StorageProvider.Sqlite;

        public override bool IsFallback => !_isFile;

        public static SqliteBackend ForFile(string path)
        {
            var folder = System.IO.Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            return new SqliteBackend(connectionString, isFile: true, keepAlive: null);
        }

        /// <summary>A private shared-cache memory database, alive while this backend holds its first connection.</summary>
        public static SqliteBackend InMemory()
        {
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = "bot-state-" + Guid.NewGuid().ToString("N"),
                Mode = SqliteOpenMode.Memory,
                Cache = SqliteCacheMode.Shared,
            }.ToString();
            var keepAlive = new SqliteConnection(connectionString);
            keepAlive.Open();
            return new SqliteBackend(connectionString, isFile: false, keepAlive);
        }

        public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(_connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                if (_isFile)
                {
                    // Per connection: with WAL, NORMAL syncs at checkpoints rather than every commit, still crash-safe.
                    await using var pragma = connection.Command("PRAGMA synchronous = NORMAL");
                    await pragma.ExecuteNonQueryAsync(cancellationToken);
                }

                return connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (_keepAlive is not null)
            {
                await _keepAlive.DisposeAsync();
            }

            // Release pooled handles, so the file can be moved or deleted once the host is gone.
            using var probe = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(probe);
        }

        protected override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            if (_isFile)
            {
                // Persistent in the file: readers do not block the writer, and several processes may share it.
                await using var wal = connection.Command("PRAGMA journal_mode = WAL");
                await wal.ExecuteScalarAsync(cancellationToken);
            }
        }
    }

    private sealed class PostgresBackend(string connectionString) : Backend
    {
        private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

        public override StorageProvider Provider => StorageProvider.Postgres;

        public override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
            await _dataSource.OpenConnectionAsync(cancellationToken);

        public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
    }
}
