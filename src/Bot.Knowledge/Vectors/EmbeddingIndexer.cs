using System.Threading.Channels;
using Bot.Knowledge.Loading;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Knowledge.Vectors;

/// <summary>
/// Keeps the <see cref="EmbeddingIndex"/> in step with the knowledge base in the background: the serving snapshot at
/// start, then each reload. A failed refresh is retried after <see cref="RetryDelay"/> (or at the next reload); the
/// answering path never waits for any of this.
/// </summary>
public sealed partial class EmbeddingIndexer(
    EmbeddingSource source,
    IServiceProvider services,
    TimeProvider time,
    ILogger<EmbeddingIndexer> logger) : BackgroundService
{
    private readonly Channel<KnowledgeSnapshot> _pending = Channel.CreateBounded<KnowledgeSnapshot>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long to wait before trying again after the embedding model failed.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Completes when the first refresh has been tried (successfully or not): for tests and the benchmark.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!source.Enabled)
        {
            _firstAttempt.TrySetResult();
            return;
        }

        // Resolved only when embeddings are on: the knowledge base and cache are then required.
        var knowledge = services.GetRequiredService<IKnowledgeBase>();
        var index = services.GetRequiredService<EmbeddingIndex>();
        knowledge.Reloaded += OnReloaded;
        try
        {
            _pending.Writer.TryWrite(knowledge.Current);
            await foreach (var snapshot in _pending.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await index.RefreshAsync(snapshot, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    RefreshFailed(logger, ex, ex.GetType().Name, RetryDelay.TotalSeconds);
                    _firstAttempt.TrySetResult();
                    await Task.Delay(RetryDelay, time, stoppingToken);
                    // A newer snapshot may have arrived meanwhile; if not, try this one again.
                    _pending.Writer.TryWrite(_pending.Reader.TryPeek(out var newer) ? newer : snapshot);
                    continue;
                }

                _firstAttempt.TrySetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            knowledge.Reloaded -= OnReloaded;
        }
    }

    /// <summary>Hands a snapshot to the background loop (the knowledge base's Reloaded event does this).</summary>
    internal void Enqueue(KnowledgeSnapshot snapshot) => _pending.Writer.TryWrite(snapshot);

    private void OnReloaded(object? sender, KnowledgeSnapshot snapshot) => Enqueue(snapshot);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning,
        Message = "Embedding the knowledge failed ({ErrorType}); lexical retrieval serves alone, retrying in {Seconds} s or at the next reload")]
    private static partial void RefreshFailed(ILogger logger, Exception exception, string errorType, double seconds);
}
