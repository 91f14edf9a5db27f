using Bot.Core.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Operations;

/// <summary>What one part of the bot says about whether it can serve: its name, whether it is ready, and a short detail.</summary>
public sealed record ReadinessReport(string Name, bool Ready, string Detail);

/// <summary>The answer of <c>/readyz</c>: ready when every check is.</summary>
public sealed record ReadinessResult(bool Ready, IReadOnlyList<ReadinessReport> Checks)
{
    public IEnumerable<ReadinessReport> NotReady => Checks.Where(c => !c.Ready);
}

/// <summary>
/// Runs every ASP.NET Core health check tagged <see cref="Readiness.Tag"/>, each bounded by
/// <see cref="Readiness.CheckTimeout"/> (and the whole by the same bound). A check that throws or does not answer in
/// time is not ready; its detail names the exception type only, since <c>/readyz</c> may be reachable from outside.
/// </summary>
public sealed partial class ReadinessProbe(HealthCheckService healthChecks, TimeProvider time, ILogger<ReadinessProbe> logger)
{
    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        // The service cancels a check after its registration's timeout; a check that ignores its token is still cut
        // off here, so /readyz always answers.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        HealthReport report;
        try
        {
            report = await healthChecks.CheckHealthAsync(r => r.Tags.Contains(Readiness.Tag), stop.Token)
                .WaitAsync(Readiness.CheckTimeout + TimeSpan.FromSeconds(1), time, cancellationToken);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            LogCheckTimedOut(logger, "health checks");
            return new ReadinessResult(false, [new ReadinessReport("health-checks", false, NoAnswer)]);
        }

        var reports = report.Entries.Select(e => new ReadinessReport(e.Key, e.Value.Status != HealthStatus.Unhealthy, Detail(e.Key, e.Value))).ToList();
        return new ReadinessResult(reports.All(r => r.Ready), reports);
    }

    private static string NoAnswer => $"no answer within {Readiness.CheckTimeout.TotalSeconds:0} s";

    private string Detail(string name, HealthReportEntry entry)
    {
        switch (entry.Exception)
        {
            case null:
                return entry.Description ?? entry.Status.ToString();
            case OperationCanceledException:
                LogCheckTimedOut(logger, name);
                return NoAnswer;
            default:
                // The exception's message may hold a connection string: it stays in the log (written by the health check service).
                return $"check failed ({entry.Exception.GetType().Name}); see the log";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check {Check} did not answer in time")]
    private static partial void LogCheckTimedOut(ILogger logger, string check);
}
