using Bot.Core.Llm;
using Microsoft.Extensions.Options;

namespace Bot.Core.Diagnostics;

/// <summary>The model call's circuit breaker, as the moderators' dashboard shows it.</summary>
public enum ModelCircuit
{
    /// <summary>No model is configured (<c>Llm:Endpoint</c> is empty): nothing to break.</summary>
    Off,

    /// <summary>The model is called as usual.</summary>
    Closed,

    /// <summary>The model failed too often: it is not called until the break ends; answers are extractive.</summary>
    Open,

    /// <summary>The break ended: one trial call decides whether it closes again.</summary>
    HalfOpen,
}

/// <summary>The runtime state the dashboard shows, counted since <see cref="Since"/> (this process's start).</summary>
public sealed record RuntimeSnapshot(DateTimeOffset Since, bool ModelOn, ModelCircuit Circuit, long ModelFallbacks, long RateLimitRefusals);

/// <summary>What the moderators' dashboard reads about the running process (never per user or chat).</summary>
public interface IRuntimeStatus
{
    RuntimeSnapshot Current { get; }
}

/// <summary>
/// Process-lifetime counters of the model's fallbacks and the rate limiter's refusals, and the model's circuit state.
/// In memory only: a restart starts them again from zero, and with several instances each counts its own.
/// </summary>
public sealed class RuntimeCounters : IRuntimeStatus
{
    private readonly DateTimeOffset _since;
    private readonly bool _modelOn;
    private long _fallbacks;
    private long _refusals;
    private int _circuit;

    public RuntimeCounters(TimeProvider time, IOptions<LlmOptions> llm)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(llm);
        _since = time.GetUtcNow();
        _modelOn = llm.Value.Enabled;
        _circuit = (int)(_modelOn ? ModelCircuit.Closed : ModelCircuit.Off);
    }

    public RuntimeSnapshot Current => new(
        _since, _modelOn, (ModelCircuit)Volatile.Read(ref _circuit), Interlocked.Read(ref _fallbacks), Interlocked.Read(ref _refusals));

    /// <summary>An answer fell back from the model to the extractive answerer.</summary>
    public void ModelFellBack() => Interlocked.Increment(ref _fallbacks);

    /// <summary>A message was not answered because its sender or chat was over a rate limit.</summary>
    public void RateLimitRefused() => Interlocked.Increment(ref _refusals);

    /// <summary>The model call's circuit breaker changed state.</summary>
    public void CircuitChanged(ModelCircuit state) => Volatile.Write(ref _circuit, (int)state);
}
