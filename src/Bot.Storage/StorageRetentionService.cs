using Bot.Core.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

/// <summary>
/// Deletes question log entries older than <c>Storage:QuestionLogDays</c> and feedback votes older than
/// <c>Storage:FeedbackDays</c>: first <see cref="FirstPassDelay"/> after
/// start (so a short command-line run never opens the database for it), then every <see cref="Interval"/>.
/// Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class StorageRetentionService(
    IQuestionLog questionLog,
    IFeedbackStore feedback,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<StorageRetentionService> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan FirstPassDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The first delay is armed before StartAsync returns: a test's FakeTimeProvider.Advance after start always counts.
        _loop = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>One pass: deletes questions and votes older than their retention periods and returns how many in all.</summary>
    public async Task<int> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var questions = await questionLog.PruneAsync(now - TimeSpan.FromDays(options.Value.QuestionLogDays), cancellationToken);
        if (questions > 0)
        {
            LogPruned(logger, questions, "question log entries", options.Value.QuestionLogDays);
        }

        var votes = await feedback.PruneAsync(now - TimeSpan.FromDays(options.Value.FeedbackDays), cancellationToken);
        if (votes > 0)
        {
            LogPruned(logger, votes, "feedback votes", options.Value.FeedbackDays);
        }

        return questions + votes;
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(FirstPassDelay, time, stopping);
            while (true)
            {
                try
                {
                    await PruneOnceAsync(stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // A failed pass is logged and retried at the next interval; it must not stop the host.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogPassFailed(logger, ex);
                }

                await Task.Delay(Interval, time, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} {What} older than {Days} days")]
    private static partial void LogPruned(ILogger logger, int count, string what, int days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention pass (question log, feedback) failed; retrying in an hour")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
