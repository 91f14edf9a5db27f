using Bot.Core.Dashboard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Dashboard;

/// <summary>Deletes expired sign-in links every hour.</summary>
internal sealed partial class DashboardLinkPruning(IDashboardStore store, TimeProvider time, ILogger<DashboardLinkPruning> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var pruned = await store.PruneLinksAsync(time.GetUtcNow(), stoppingToken);
                LogPruned(logger, pruned);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Debug, "Pruned {Count} expired dashboard sign-in links")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Pruning expired dashboard sign-in links failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
