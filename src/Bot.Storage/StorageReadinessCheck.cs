using Bot.Core.Diagnostics;
using Bot.Storage.Database;

namespace Bot.Storage;

/// <summary>
/// Storage for <c>/readyz</c>: ready when the configured database opens; not ready when it could not be used and
/// state lives in memory for this run (nothing is kept, and instances no longer share it).
/// </summary>
internal sealed class StorageReadinessCheck(StorageDatabase database) : IReadinessCheck
{
    public string Name => "storage";

    public async ValueTask<ReadinessReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        await using (await database.OpenAsync(cancellationToken))
        {
        }

        return database.IsInMemoryFallback
            ? ReadinessReport.NotReady(Name, $"{database.Location} could not be used; state is kept in memory for this run (see the log)")
            : ReadinessReport.IsReady(Name, database.Location);
    }
}
