using System.Globalization;
using Bot.Knowledge.Loading;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Core.Diagnostics;

/// <summary>Ready once the knowledge base serves a snapshot with at least one document.</summary>
internal sealed class KnowledgeReadinessCheck(IKnowledgeBase knowledge) : IHealthCheck
{
    public const string Name = "knowledge";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = knowledge.Current;
        if (snapshot.Documents.Count == 0)
        {
            var why = snapshot.LoadedAt == DateTimeOffset.MinValue
                ? "not loaded yet"
                : $"no documents in {snapshot.Root} ({snapshot.Diagnostics.Count} problem(s))";
            return Task.FromResult(HealthCheckResult.Unhealthy(why));
        }

        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{snapshot.Documents.Count} files, {snapshot.SectionCount} sections, {snapshot.Diagnostics.Count} problem(s), loaded {snapshot.LoadedAt:u}");
        return Task.FromResult(HealthCheckResult.Healthy(detail));
    }
}
