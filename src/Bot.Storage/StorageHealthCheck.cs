using System.Data.Common;
using Bot.Storage.Database;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Storage;

/// <summary>
/// Storage for <c>/readyz</c>: ready when the configured database opens and answers a trivial query (one attempt, no
/// retries); not ready while it cannot be used, with the error type and the time the outage began in the log.
/// <c>Storage:Provider=Memory</c> is ready and says that nothing is kept.
/// </summary>
internal sealed class StorageHealthCheck(StorageDatabase database) : IHealthCheck
{
    public const string Name = "storage";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenOnceAsync(cancellationToken);
            await using var probe = connection.Command("SELECT 1");
            await probe.ExecuteScalarAsync(cancellationToken);
        }
        catch (StorageUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy($"{database.Location} cannot be opened ({ex.InnerException?.GetType().Name}); retrying (see the log)");
        }
        catch (DbException ex)
        {
            database.ReportFailure(ex);
            return HealthCheckResult.Unhealthy($"{database.Location} does not answer ({ex.GetType().Name}); retrying (see the log)");
        }

        return HealthCheckResult.Healthy(database.IsInMemory ? "in memory (Storage:Provider=Memory): nothing is kept after the process ends" : database.Location);
    }
}
