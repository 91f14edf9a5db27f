using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bot.Core.Diagnostics;

/// <summary>
/// The bot's metrics on the meter <c>Bot</c> (<see cref="BotTelemetry.MeterName"/>): what was asked and how it went,
/// the model, the platforms' APIs, the knowledge folder and the gateway. One instance per service provider (created
/// through <see cref="IMeterFactory"/>, so tests do not see each other's numbers). Every method is cheap when nothing
/// listens. Tag values are low-cardinality on purpose: platform, language, reason, route templates; never user text.
/// </summary>
public sealed class BotMetrics
{
    /// <summary>Latency buckets in seconds: extractive answers take milliseconds, model answers seconds.</summary>
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

    private readonly Counter<long> _received;
    private readonly Counter<long> _answered;
    private readonly Counter<long> _declined;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _modelCalls;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _platformErrors;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _reconnects;
    private long _documents;
    private long _sections;
    private long _problems;
    private readonly RuntimeCounters? _runtime;

    /// <param name="runtime">The dashboard's process-lifetime counters, when registered: fallbacks are counted there too.</param>
    public BotMetrics(IMeterFactory meterFactory, RuntimeCounters? runtime = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _runtime = runtime;
        var meter = meterFactory.Create(BotTelemetry.MeterName);
        _received = meter.CreateCounter<long>("bot.questions.received", "{question}", "Questions the engine was asked, by platform and language.");
        _answered = meter.CreateCounter<long>("bot.questions.answered", "{question}", "Questions answered from the knowledge, by platform and language.");
        _declined = meter.CreateCounter<long>("bot.questions.declined", "{question}", "Questions declined (weak evidence, out of scope, hostile), by platform, language and reason.");
        _failed = meter.CreateCounter<long>("bot.questions.failed", "{question}", "Questions that failed with a fault (the user got an apology), by platform and language.");
        _duration = meter.CreateHistogram(
            "bot.answer.duration",
            "s",
            "Time from receiving a question to having its reply, by platform and outcome.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _modelCalls = meter.CreateCounter<long>("bot.model.calls", "{call}", "Calls to the language model or embeddings endpoint, by operation and outcome.");
        _fallbacks = meter.CreateCounter<long>("bot.model.fallbacks", "{answer}", "Answers that fell back to the extractive answerer, by reason.");
        _tokens = meter.CreateCounter<long>("bot.model.tokens", "{token}", "Tokens used by the model, by type (input, output).");
        _platformErrors = meter.CreateCounter<long>("bot.platform.errors", "{error}", "Failed platform API calls, by platform, route and status code.");
        _rateLimited = meter.CreateCounter<long>("bot.platform.rate_limited", "{response}", "Platform API responses with status 429, by platform and route.");
        _reloads = meter.CreateCounter<long>("bot.knowledge.reloads", "{reload}", "Loads of the knowledge folder (the first load and every reload).");
        meter.CreateObservableGauge("bot.knowledge.validation_errors", () => Volatile.Read(ref _problems), "{problem}", "Problems in the knowledge folder at the last load (files keep serving their last good version).");
        meter.CreateObservableGauge("bot.knowledge.documents", () => Volatile.Read(ref _documents), "{document}", "Knowledge files serving now.");
        meter.CreateObservableGauge("bot.knowledge.sections", () => Volatile.Read(ref _sections), "{section}", "Knowledge sections serving now.");
        _reconnects = meter.CreateCounter<long>("bot.gateway.reconnects", "{reconnect}", "Reconnections of a platform's long-lived connection (Discord gateway shard, Telegram polling), by platform and shard.");
    }

    public void QuestionReceived(string platform, string lang) =>
        _received.Add(1, new(BotTelemetry.Tags.Platform, platform), new(BotTelemetry.Tags.Language, lang));

    public void QuestionAnswered(string platform, string lang, TimeSpan elapsed)
    {
        _answered.Add(1, new(BotTelemetry.Tags.Platform, platform), new(BotTelemetry.Tags.Language, lang));
        RecordDuration(platform, "answered", elapsed);
    }

    /// <param name="reason">Why, in a word: <c>weak-evidence</c>, <c>hostile</c>, <c>out-of-scope</c>, <c>answerer</c>.</param>
    public void QuestionDeclined(string platform, string lang, string reason, TimeSpan elapsed)
    {
        _declined.Add(1, new(BotTelemetry.Tags.Platform, platform), new(BotTelemetry.Tags.Language, lang), new(BotTelemetry.Tags.Reason, reason));
        RecordDuration(platform, "declined", elapsed);
    }

    public void QuestionFailed(string platform, string lang, TimeSpan elapsed)
    {
        _failed.Add(1, new(BotTelemetry.Tags.Platform, platform), new(BotTelemetry.Tags.Language, lang));
        RecordDuration(platform, "failed", elapsed);
    }

    /// <param name="operation"><c>answer</c>, <c>rewrite</c>, <c>embed</c>.</param>
    /// <param name="outcome"><c>ok</c>, <c>error</c>, <c>timeout</c>.</param>
    public void ModelCalled(string operation, string outcome) =>
        _modelCalls.Add(1, new(BotTelemetry.Tags.Operation, operation), new(BotTelemetry.Tags.Outcome, outcome));

    /// <param name="reason">Why the model's answer was not used: <c>timeout</c>, <c>error</c>, <c>invalid</c>, ...</param>
    public void ModelFallback(string reason)
    {
        _fallbacks.Add(1, new KeyValuePair<string, object?>(BotTelemetry.Tags.Reason, reason));
        _runtime?.ModelFellBack();
    }

    public void ModelTokensUsed(long input, long output)
    {
        if (input > 0)
        {
            _tokens.Add(input, new KeyValuePair<string, object?>(BotTelemetry.Tags.TokenType, "input"));
        }

        if (output > 0)
        {
            _tokens.Add(output, new KeyValuePair<string, object?>(BotTelemetry.Tags.TokenType, "output"));
        }
    }

    /// <summary>A platform API call that failed. A 429 is also counted in <c>bot.platform.rate_limited</c>.</summary>
    /// <param name="route">The route template, e.g. <c>POST /channels/{id}/messages</c> or <c>sendMessage</c>: never a URL with ids or tokens.</param>
    /// <param name="statusCode">The HTTP status, or 0 when no response came (network error, timeout).</param>
    public void PlatformApiError(string platform, string route, int statusCode)
    {
        _platformErrors.Add(1, new(BotTelemetry.Tags.Platform, platform), new(BotTelemetry.Tags.Route, route), new(BotTelemetry.Tags.StatusCode, statusCode));
        if (statusCode == 429)
        {
            _rateLimited.Add(1, new(BotTelemetry.Tags.Platform, platform), new(BotTelemetry.Tags.Route, route));
        }
    }

    /// <summary>A load of the knowledge folder: counts it and sets the gauges of what serves now.</summary>
    public void KnowledgeReloaded(int documents, int sections, int problems)
    {
        Volatile.Write(ref _documents, documents);
        Volatile.Write(ref _sections, sections);
        Volatile.Write(ref _problems, problems);
        _reloads.Add(1);
    }

    /// <param name="shard">The gateway shard, when the platform has shards.</param>
    public void GatewayReconnected(string platform, int? shard = null)
    {
        var tags = new TagList { { BotTelemetry.Tags.Platform, platform } };
        if (shard is { } s)
        {
            tags.Add(BotTelemetry.Tags.Shard, s);
        }

        _reconnects.Add(1, tags);
    }

    private void RecordDuration(string platform, string outcome, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new(BotTelemetry.Tags.Platform, platform), new(BotTelemetry.Tags.Outcome, outcome));
}
