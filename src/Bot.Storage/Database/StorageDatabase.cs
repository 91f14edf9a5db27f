using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Bot.Storage.Database;

/// <summary>
/// The database behind every store, opened lazily: nothing touches the disk or the network until a store is first
/// used. The first use creates the SQLite file (and its folder) or connects to PostgreSQL, and upgrades the schema.
/// When the database cannot be opened (a read-only or missing folder, a server that is down), opening is retried with
/// backoff (<see cref="OpenRetries"/> times per call), then the call fails with <see cref="StorageUnavailableException"/>;
/// the storage readiness check reports not ready, and the next use tries again, so the host resumes by itself when the
/// database is back. State is kept in memory only when configured (<c>Storage:Provider=Memory</c>), never as a fallback.
/// </summary>
public sealed partial class StorageDatabase : IAsyncDisposable, IDisposable
{
    private readonly StorageOptions _options;
    private readonly string _contentRoot;
    private readonly TimeProvider _time;
    private readonly ILogger<StorageDatabase> _logger;
    /// <summary>Attempts to open after the first failed one, within one call, before it gives up.</summary>
    public const int OpenRetries = 3;

    /// <summary>The first wait before trying to open again (doubled each time, with jitter).</summary>
    public static readonly TimeSpan OpenRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly ResiliencePipeline _openRetry;
    private readonly Lock _stateGate = new();
    private volatile Backend? _backend;
    private bool _disposed;
    private long? _unavailableSince;
    private string? _lastError;

    public StorageDatabase(IOptions<StorageOptions> options, TimeProvider time, ILogger<StorageDatabase> logger, IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
        _contentRoot = environment?.ContentRootPath ?? Directory.GetCurrentDirectory();
        _openRetry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = OpenRetries,
                Delay = OpenRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<StorageUnavailableException>(),
            })
            .Build();
    }

    /// <summary>The configured provider (<see cref="StorageProvider.Sqlite"/> for a file or in memory).</summary>
    public StorageProvider Provider => _options.ParsedProvider == StorageProvider.Postgres ? StorageProvider.Postgres : StorageProvider.Sqlite;

    /// <summary>True when state lives in memory because <c>Storage:Provider</c> is <c>Memory</c>.</summary>
    public bool IsInMemory => _options.ParsedProvider == StorageProvider.Memory;

    /// <summary>False from a failed open until the next successful one; true before the first use.</summary>
    public bool IsAvailable
    {
        get
        {
            lock (_stateGate)
            {
                return _unavailableSince is null;
            }
        }
    }

    /// <summary>Why the database is unavailable (the error type and message of the last failed open), or null.</summary>
    public string? LastError
    {
        get
        {
            lock (_stateGate)
            {
                return _lastError;
            }
        }
    }

    /// <summary>Where the data lives, for logs: the SQLite file, or PostgreSQL host, port and database (never credentials).</summary>
    public string Location => _options.ParsedProvider switch
    {
        StorageProvider.Postgres => DescribePostgres(_options.ConnectionString),
        StorageProvider.Memory => "memory (Storage:Provider=Memory; nothing is kept)",
        _ => SqlitePath,
    };

    /// <summary>The SQLite file, resolved against the content root.</summary>
    public string SqlitePath => System.IO.Path.GetFullPath(_options.Path, _contentRoot);

    /// <summary>
    /// An open connection to the initialized database; the caller disposes it. Retried with backoff while the database
    /// cannot be opened; then <see cref="StorageUnavailableException"/>.
    /// </summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _openRetry.ExecuteAsync(static (self, token) => self.OpenOnceAsync(token), this, cancellationToken);

    /// <summary>One attempt to open, without retries (the readiness check).</summary>
    public async ValueTask<DbConnection> OpenOnceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var backend = _backend ?? await InitializeAsync(cancellationToken);
            var connection = await backend.OpenAsync(cancellationToken);
            MarkAvailable();
            return connection;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ObjectDisposedException)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure to open is an outage: reported, retried, and surfaced as one exception type.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MarkUnavailable(ex);
            throw new StorageUnavailableException(Location, ex);
        }
    }

    /// <summary>
    /// Runs one unit of store work (which opens its own connection through <see cref="OpenAsync"/>). When the work
    /// fails because its connection was already dead, as a pooled PostgreSQL connection is after the server restarted
    /// (<see cref="IsDeadConnection"/>), the idle pooled connections are dropped and the work runs once more on a new
    /// connection, so the first command after a restart does not fail. Only once: a second failure is an outage and
    /// is reported as one (<see cref="ReportFailure"/>, readiness) and thrown. A write whose connection died after the
    /// server had committed it and before the answer came back may run twice; every store write is an upsert or
    /// keyed, except the question log and feedback appends (one duplicate row at most).
    /// </summary>
    public async ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work(cancellationToken);
        }
        catch (DbException ex) when (IsDeadConnection(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogDeadConnection(_logger, Location, ex.GetType().Name);
            _backend?.ClearPool();
        }

        try
        {
            return await work(cancellationToken);
        }
        catch (DbException ex) when (IsDeadConnection(ex) && !cancellationToken.IsCancellationRequested)
        {
            ReportFailure(ex);
            throw;
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{CancellationToken, ValueTask{T}}, CancellationToken)"/>
    public async ValueTask RunAsync(Func<CancellationToken, ValueTask> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await RunAsync(
            async token =>
            {
                await work(token);
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// True when a command failed because its connection was gone, not because of the statement: a transient Npgsql
    /// error on the socket (<see cref="NpgsqlException.IsTransient"/>, except a timeout, which may mean a slow server
    /// still working on it), or the server telling the connection it is shutting down (SQLSTATE 57P01–57P03).
    /// SQLite has no such state: its failures are never retried here.
    /// </summary>
    internal static bool IsDeadConnection(DbException exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.IsTransient && npgsql.InnerException is not TimeoutException,
        _ => false,
    };

    /// <summary>
    /// A command failed on an open connection (the server went away after the open): marks the database unavailable
    /// and drops idle pooled connections, which are likely broken too, so the next open makes a fresh one.
    /// </summary>
    public void ReportFailure(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        MarkUnavailable(exception);
        _backend?.ClearPool();
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
                backend = _options.ParsedProvider switch
                {
                    StorageProvider.Postgres => new PostgresBackend(_options.ConnectionString ?? string.Empty),
                    StorageProvider.Memory => SqliteBackend.InMemory(),
                    _ => SqliteBackend.ForFile(SqlitePath),
                };
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
            catch
            {
                if (backend is not null)
                {
                    await backend.DisposeAsync();
                }

                throw;
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

    private void MarkAvailable()
    {
        long? since;
        lock (_stateGate)
        {
            since = _unavailableSince;
            _unavailableSince = null;
            _lastError = null;
        }

        if (since is { } start)
        {
            LogBack(_logger, Location, _time.GetElapsedTime(start).TotalSeconds);
        }
    }

    private void MarkUnavailable(Exception ex)
    {
        bool first;
        var error = $"{ex.GetType().Name}: {ex.Message.TrimEnd('.', ' ')}";
        lock (_stateGate)
        {
            first = _unavailableSince is null;
            _unavailableSince ??= _time.GetTimestamp();
            _lastError = error;
        }

        // Logged once per outage; the exception's own message, never the connection string it came from.
        if (first)
        {
            LogUnavailable(_logger, _options.ParsedProvider, Location, error);
        }
        else
        {
            LogStillUnavailable(_logger, Location, error);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage ({Provider}) could not be opened at {Location}: {Error}. Not ready; no new updates are taken, and opening is retried with backoff until the database is back.")]
    private static partial void LogUnavailable(ILogger logger, StorageProvider provider, string location, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A pooled connection to {Location} was dead ({Error}; the server restarted?); the pool is cleared and the work runs once more on a new connection")]
    private static partial void LogDeadConnection(ILogger logger, string location, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage at {Location} still unavailable: {Error}")]
    private static partial void LogStillUnavailable(ILogger logger, string location, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage at {Location} is available again after {Seconds:0.0} s")]
    private static partial void LogBack(ILogger logger, string location, double seconds);

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

        public abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

        public async Task<int> MigrateAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            await using var connection = await OpenAsync(cancellationToken);
            await PrepareAsync(connection, cancellationToken);
            return await Schema.MigrateAsync(connection, Provider, time, cancellationToken: cancellationToken);
        }

        public abstract ValueTask DisposeAsync();

        /// <summary>Drops idle pooled connections.</summary>
        public abstract void ClearPool();

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

        /// <summary>A private shared-cache memory database (<c>Storage:Provider=Memory</c>), alive while this backend holds its first connection.</summary>
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

        public override void ClearPool()
        {
            using var probe = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(probe);
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

        public override void ClearPool() => _dataSource.Clear();

        public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();
    }
}

/// <summary>The database could not be opened (after the retries of one call); the cause is the inner exception.</summary>
public sealed class StorageUnavailableException(string location, Exception inner)
    : Exception($"Storage at {location} is unavailable ({inner.GetType().Name}).", inner);
