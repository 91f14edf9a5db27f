using Bot.Knowledge.Loading;
using Microsoft.Extensions.Hosting;

namespace Bot.Core.Diagnostics;

/// <summary>Feeds every knowledge load (the first one included) into <see cref="BotMetrics"/>.</summary>
internal sealed class KnowledgeMetricsService(IKnowledgeBase knowledge, BotMetrics metrics) : IHostedService
{
    private readonly Lock _gate = new();
    private KnowledgeSnapshot? _last;

    public Task StartAsync(CancellationToken cancellationToken)
    {
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
        knowledge.Reloaded -= OnReloaded;
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
