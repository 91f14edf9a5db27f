using System.Net;
using Bot.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Bot.Core.Llm;

/// <summary>
/// The fixed shape of the model call's resilience; only the total time comes from configuration
/// (<c>Llm:TimeoutSeconds</c>). Internal so tests can shorten the delays.
/// </summary>
internal sealed class LlmResilienceTuning
{
    /// <summary>Wait before the one retry of a transient failure (doubled for each further attempt, were there any).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The breaker opens when at least this share of calls failed...</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>...among at least this many calls...</summary>
    public int MinimumThroughput { get; set; } = 4;

    /// <summary>...within this window.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>While open, the model is not called at all; then one trial call decides whether it closes again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The embedding endpoint's total time per call (indexing batches and queries).</summary>
    public TimeSpan EmbeddingTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal static class LlmResilience
{
    public const string ChatPipeline = "llm-chat";
    public const string EmbeddingsPipeline = "llm-embeddings";

    /// <summary>
    /// Outermost first: a total timeout of <c>Llm:TimeoutSeconds</c>, one retry with backoff for transient failures
    /// (5xx, 408, 429, connection errors), and a circuit breaker that stops calling a model that keeps failing.
    /// </summary>
    public static void ConfigureChat(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var services = context.ServiceProvider;
        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        var tuning = services.GetRequiredService<IOptions<LlmResilienceTuning>>().Value;
        var runtime = services.GetService<RuntimeCounters>();
        builder.TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        builder
            .AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds))
            .AddRetry(Retry(tuning))
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = tuning.FailureRatio,
                MinimumThroughput = tuning.MinimumThroughput,
                SamplingDuration = tuning.SamplingDuration,
                BreakDuration = tuning.BreakDuration,
                OnOpened = _ => Report(runtime, ModelCircuit.Open),
                OnHalfOpened = _ => Report(runtime, ModelCircuit.HalfOpen),
                OnClosed = _ => Report(runtime, ModelCircuit.Closed),
            });
    }

    /// <summary>The embedding endpoint: a total timeout and one retry; failures only delay vectors, never answers.</summary>
    public static void ConfigureEmbeddings(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var services = context.ServiceProvider;
        var tuning = services.GetRequiredService<IOptions<LlmResilienceTuning>>().Value;
        builder.TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        builder.AddTimeout(tuning.EmbeddingTimeout).AddRetry(Retry(tuning));
    }

    /// <summary>Tells the dashboard's counters (when registered) the breaker's new state.</summary>
    private static ValueTask Report(RuntimeCounters? runtime, ModelCircuit state)
    {
        runtime?.CircuitChanged(state);
        return ValueTask.CompletedTask;
    }

    private static HttpRetryStrategyOptions Retry(LlmResilienceTuning tuning) => new()
    {
        MaxRetryAttempts = 1,
        BackoffType = DelayBackoffType.Exponential,
        Delay = tuning.RetryDelay,
        UseJitter = false,
        // A long Retry-After would only run into the total timeout; the extractive answer is better than waiting.
        ShouldRetryAfterHeader = false,
        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
    };

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || (int)response.StatusCode >= 500,
        _ => false,
    };
}
