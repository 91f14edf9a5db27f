using System.Diagnostics;

namespace Bot.Core.Diagnostics;

/// <summary>
/// Names shared by everything that reports what the bot does: the meter and the activity source are both called
/// <c>Bot</c>, and one question is one trace: <c>bot.question</c> (received by the engine) with the children
/// <c>bot.retrieve</c> and <c>bot.answer</c>; an adapter adds <c>bot.send</c> for delivering the reply (and may wrap
/// the whole in <c>bot.receive</c> so that everything nests under the platform update).
/// </summary>
public static class BotTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name of <see cref="BotMetrics"/>.</summary>
    public const string MeterName = "Bot";

    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name for traces.</summary>
    public const string ActivitySourceName = "Bot";

    public const string ReceiveActivity = "bot.receive";
    public const string QuestionActivity = "bot.question";
    public const string RetrieveActivity = "bot.retrieve";
    public const string AnswerActivity = "bot.answer";
    public const string SendActivity = "bot.send";

    /// <summary>Tag names used on metrics and spans. Values are low-cardinality: never user text, ids or secrets.</summary>
    public static class Tags
    {
        public const string Platform = "bot.platform";
        public const string Language = "bot.lang";
        public const string Outcome = "bot.outcome";
        public const string Reason = "bot.reason";
        public const string Route = "bot.route";
        public const string StatusCode = "http.response.status_code";
        public const string Operation = "bot.operation";
        public const string TokenType = "bot.token.type";
        public const string Shard = "bot.shard";
        public const string Hits = "bot.hits";
    }

    /// <summary>The one activity source of the bot. Starting an activity costs nothing when no listener samples it.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName);

    /// <summary>Starts the span for one platform update (adapters): the engine's question span nests under it.</summary>
    public static Activity? StartReceive(string platform) => Start(ReceiveActivity, platform, ActivityKind.Consumer);

    /// <summary>Starts the span for delivering a reply (adapters).</summary>
    public static Activity? StartSend(string platform) => Start(SendActivity, platform, ActivityKind.Client);

    internal static Activity? Start(string name, string platform, ActivityKind kind = ActivityKind.Internal)
    {
        var activity = ActivitySource.StartActivity(name, kind);
        activity?.SetTag(Tags.Platform, platform);
        return activity;
    }
}
