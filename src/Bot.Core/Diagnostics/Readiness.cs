namespace Bot.Core.Diagnostics;

/// <summary>
/// What one part of the bot says about whether it can serve: its name (<c>knowledge</c>, <c>telegram</c>,
/// <c>storage</c>, ...), whether it is ready, and a short detail for the operator (never a secret).
/// </summary>
public sealed record ReadinessReport(string Name, bool Ready, string Detail)
{
    public static ReadinessReport IsReady(string name, string detail) => new(name, true, detail);

    public static ReadinessReport NotReady(string name, string detail) => new(name, false, detail);
}

/// <summary>
/// A part of the bot that can tell whether it is ready to serve. Register implementations as
/// <c>services.AddSingleton&lt;IReadinessCheck, MyCheck&gt;()</c> (or <c>TryAddEnumerable</c>); the host's
/// <c>/readyz</c> and the <c>healthcheck</c> verb ask every registered check. A part that is switched off
/// reports ready ("off"): readiness is about what is enabled.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>The name shown in <c>/readyz</c>: short, lower case, stable.</summary>
    string Name { get; }

    /// <summary>The current state. Should answer quickly; the host bounds the wait and reports a check that does not answer as not ready.</summary>
    ValueTask<ReadinessReport> CheckAsync(CancellationToken cancellationToken = default);
}
