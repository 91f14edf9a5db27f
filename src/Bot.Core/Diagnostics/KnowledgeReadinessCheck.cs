using System.Globalization;
using Bot.Knowledge.Loading;

namespace Bot.Core.Diagnostics;

/// <summary>Ready once the knowledge base serves a snapshot with at least one document.</summary>
internal sealed class KnowledgeReadinessCheck(IKnowledgeBase knowledge) : IReadinessCheck
{
    public string Name => "knowledge";

    public ValueTask<ReadinessReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = knowledge.Current;
        if (snapshot.Documents.Count == 0)
        {
            var why = snapshot.LoadedAt == DateTimeOffset.MinValue
                ? "not loaded yet"
                : $"no documents in {snapshot.Root} ({snapshot.Diagnostics.Count} problem(s))";
            return ValueTask.FromResult(ReadinessReport.NotReady(Name, why));
        }

        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{snapshot.Documents.Count} files, {snapshot.SectionCount} sections, {snapshot.Diagnostics.Count} problem(s), loaded {snapshot.LoadedAt:u}");
        return ValueTask.FromResult(ReadinessReport.IsReady(Name, detail));
    }
}
