using Bot.Knowledge.Loading;
using Microsoft.Extensions.Hosting;

namespace Bot.Core.Diagnostics;

/// <summary>
/// Feeds every knowledge load (the first one included) into <see cref="BotMetrics"/>. Does nothing in a host without a
/// knowledge base (the core can be composed without it, e.g. by the storage tests).
/// </summary>
internal sealed class KnowledgeMetricsService(BotMetrics metrics, IKnowledgeBase? knowledge = null) : IHostedService
{
    private readonly Lock _gate = new();
    private KnowledgeSnapshot? _last;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (knowledge is null)
        {
            return Task.CompletedTask;
        }

        knowledge.Reloaded += OnReloaded;

        // The knowledge base may have loaded before this service started: count that load too, once.
        var current = knowledge.Current;
        if (current.LoadedAt != DateTimeOffset.MinValue)
        {
            Record(current);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (knowledge is not null)
        {
            knowledge.Reloaded -= OnReloaded;
        }

        return Task.CompletedTask;
    }

    private void OnReloaded(object? sender, KnowledgeSnapshot snapshot) => Record(snapshot);

    private void Record(KnowledgeSnapshot snapshot)
    {
        lock (_gate)
        {
            if (ReferenceEquals(snapshot, _last))
            {
                return;
            }

            _last = snapshot;
            metrics.KnowledgeReloaded(snapshot.Documents.Count, snapshot.SectionCount, snapshot.Diagnostics.Count);
        }
    }
}
