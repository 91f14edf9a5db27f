using Bot.Core.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Operations;

/// <summary>The answer of <c>/readyz</c>: ready when every check is.</summary>
public sealed record ReadinessResult(bool Ready, IReadOnlyList<ReadinessReport> Checks)
{
    public IEnumerable<ReadinessReport> NotReady => Checks.Where(c => !c.Ready);
}

/// <summary>
/// Asks every <see cref="IReadinessCheck"/> and every ASP.NET Core health check tagged <c>ready</c> (an adapter may
/// use either), each bounded by <see cref="CheckTimeout"/>. A check that throws or does not answer in time is not
/// ready; its detail names the exception type only, since <c>/readyz</c> may be reachable from outside.
/// </summary>
public sealed partial class ReadinessProbe(
    IEnumerable<IReadinessCheck> checks,
    HealthCheckService healthChecks,
    TimeProvider time,
    ILogger<ReadinessProbe> logger)
{
    /// <summary>The tag that makes an ASP.NET Core health check part of readiness.</summary>
    public const string ReadyTag = "ready";

    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken = default)
    {
        var own = checks.Select(c => RunAsync(c, cancellationToken)).ToList();
        var fromHealthChecks = RunHealthChecksAsync(cancellationToken);
        var reports = new List<ReadinessReport>(await Task.WhenAll(own));
        reports.AddRange(await fromHealthChecks);
        return new ReadinessResult(reports.All(r => r.Ready), reports);
    }

    private async Task<ReadinessReport> RunAsync(IReadinessCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await check.CheckAsync(timeout.Token).AsTask().WaitAsync(CheckTimeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            await timeout.CancelAsync();
            LogCheckTimedOut(logger, check.Name);
            return ReadinessReport.NotReady(check.Name, $"no answer within {CheckTimeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing check means "not ready", never a failed /readyz request; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCheckFailed(logger, ex, check.Name);
            return ReadinessReport.NotReady(check.Name, $"check failed ({ex.GetType().Name}); see the log");
        }
    }

    private async Task<IReadOnlyList<ReadinessReport>> RunHealthChecksAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(CheckTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HealthReport report;
        try
        {
            report = await healthChecks.CheckHealthAsync(r => r.Tags.Contains(ReadyTag), linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogCheckTimedOut(logger, "health checks");
            return [ReadinessReport.NotReady("health-checks", $"no answer within {CheckTimeout.TotalSeconds:0} s")];
        }

        return [.. report.Entries.Select(e => new ReadinessReport(
            e.Key,
            e.Value.Status != HealthStatus.Unhealthy,
            e.Value.Description ?? (e.Value.Exception is { } ex ? $"check failed ({ex.GetType().Name}); see the log" : e.Value.Status.ToString())))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check {Check} did not answer in time")]
    private static partial void LogCheckTimedOut(ILogger logger, string check);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness check {Check} failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string check);
}
