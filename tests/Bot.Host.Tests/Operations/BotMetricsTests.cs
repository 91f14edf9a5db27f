using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bot.Core.Diagnostics;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Knowledge.Loading;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Bot.Host.Tests.Operations;

/// <summary>What the engine and the knowledge layer record, through the composed host (no HTTP server).</summary>
public sealed class BotMetricsTests : IAsyncLifetime
{
    private BotTestHost _host = null!;

    private IMeterFactory Meters => _host.Get<IMeterFactory>();

    private IBotEngine Engine => _host.Get<IBotEngine>();

    public async Task InitializeAsync() => _host = await BotTestHost.Create().WithoutPlatforms().StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_answered_question_is_counted_by_platform_and_language_with_its_latency()
    {
        using var received = Collector<long>("bot.questions.received");
        using var answered = Collector<long>("bot.questions.answered");
        using var duration = Collector<double>("bot.answer.duration");

        var reply = await Engine.HandleAsync(Question("Sora ra mắt khi nào?"));

        reply!.Kind.ShouldBe(ReplyKind.Answer);
        var r = received.GetMeasurementSnapshot().ShouldHaveSingleItem();
        r.Value.ShouldBe(1);
        r.Tags[BotTelemetry.Tags.Platform].ShouldBe("telegram");
        r.Tags[BotTelemetry.Tags.Language].ShouldBe("vi");
        answered.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags[BotTelemetry.Tags.Language].ShouldBe("vi");
        var d = duration.GetMeasurementSnapshot().ShouldHaveSingleItem();
        d.Value.ShouldBeGreaterThanOrEqualTo(0);
        d.Tags[BotTelemetry.Tags.Outcome].ShouldBe("answered");
    }

    [Theory]
    [InlineData("How do I cook a good pho at home?", "weak-evidence")]
    [InlineData("What will the weather be in Hanoi tomorrow?", "out-of-scope")]
    public async Task A_declined_question_is_counted_with_its_reason(string question, string reason)
    {
        using var declined = Collector<long>("bot.questions.declined");
        using var answered = Collector<long>("bot.questions.answered");

        var reply = await Engine.HandleAsync(Question(question));

        reply!.Kind.ShouldBe(ReplyKind.Declined);
        var m = declined.GetMeasurementSnapshot().ShouldHaveSingleItem();
        m.Tags[BotTelemetry.Tags.Reason].ShouldBe(reason);
        m.Tags[BotTelemetry.Tags.Language].ShouldBe("en");
        answered.GetMeasurementSnapshot().ShouldBeEmpty();
    }

    [Fact]
    public async Task Help_and_messages_not_addressed_to_the_bot_are_not_questions()
    {
        using var received = Collector<long>("bot.questions.received");

        await Engine.HandleAsync(Question("help") with { Command = "help" });
        await Engine.HandleAsync(Question("Sora?") with { Flags = MessageFlags.None });

        received.GetMeasurementSnapshot().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_knowledge_reload_is_counted_and_sets_the_gauges()
    {
        using var reloads = Collector<long>("bot.knowledge.reloads");
        using var problems = Collector<long>("bot.knowledge.validation_errors");
        using var documents = Collector<long>("bot.knowledge.documents");

        var snapshot = await _host.Get<IKnowledgeBase>().ReloadAsync();
        problems.RecordObservableInstruments();
        documents.RecordObservableInstruments();

        reloads.GetMeasurementSnapshot().ShouldHaveSingleItem().Value.ShouldBe(1);
        problems.LastMeasurement!.Value.ShouldBe(snapshot.Diagnostics.Count);
        documents.LastMeasurement!.Value.ShouldBe(snapshot.Documents.Count);
    }

    [Fact]
    public void Platform_errors_are_counted_by_route_and_429s_also_as_rate_limited()
    {
        var metrics = _host.Get<BotMetrics>();
        using var errors = Collector<long>("bot.platform.errors");
        using var limited = Collector<long>("bot.platform.rate_limited");

        metrics.PlatformApiError("discord", "POST /channels/{id}/messages", 429);
        metrics.PlatformApiError("telegram", "sendMessage", 502);

        errors.GetMeasurementSnapshot().Count.ShouldBe(2);
        var l = limited.GetMeasurementSnapshot().ShouldHaveSingleItem();
        l.Tags[BotTelemetry.Tags.Platform].ShouldBe("discord");
        l.Tags[BotTelemetry.Tags.Route].ShouldBe("POST /channels/{id}/messages");
    }

    [Fact]
    public void Model_calls_fallbacks_tokens_and_reconnects_are_recorded()
    {
        var metrics = _host.Get<BotMetrics>();
        using var calls = Collector<long>("bot.model.calls");
        using var fallbacks = Collector<long>("bot.model.fallbacks");
        using var tokens = Collector<long>("bot.model.tokens");
        using var reconnects = Collector<long>("bot.gateway.reconnects");

        metrics.ModelCalled("answer", "timeout");
        metrics.ModelFallback("timeout");
        metrics.ModelTokensUsed(input: 1200, output: 0);
        metrics.GatewayReconnected("discord", shard: 3);

        calls.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags[BotTelemetry.Tags.Outcome].ShouldBe("timeout");
        fallbacks.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags[BotTelemetry.Tags.Reason].ShouldBe("timeout");
        var t = tokens.GetMeasurementSnapshot().ShouldHaveSingleItem();
        (t.Value, t.Tags[BotTelemetry.Tags.TokenType]).ShouldBe((1200L, (object?)"input"));
        reconnects.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags[BotTelemetry.Tags.Shard].ShouldBe(3);
    }

    [Fact]
    public async Task One_question_is_one_trace_with_retrieve_and_answer_inside_it()
    {
        var platform = "trace-" + Guid.NewGuid().ToString("N");
        var stopped = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == BotTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (Equals(a.GetTagItem(BotTelemetry.Tags.Platform), platform))
                {
                    lock (stopped)
                    {
                        stopped.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        Activity[] spans;
        using (var receive = BotTelemetry.StartReceive(platform))
        {
            await Engine.HandleAsync(Question("When was Sora unveiled?") with { Platform = platform });
            using (BotTelemetry.StartSend(platform))
            {
            }
        }

        lock (stopped)
        {
            spans = [.. stopped];
        }

        var root = spans.Single(a => a.OperationName == BotTelemetry.ReceiveActivity);
        var question = spans.Single(a => a.OperationName == BotTelemetry.QuestionActivity);
        var retrieve = spans.Single(a => a.OperationName == BotTelemetry.RetrieveActivity);
        var answer = spans.Single(a => a.OperationName == BotTelemetry.AnswerActivity);
        var send = spans.Single(a => a.OperationName == BotTelemetry.SendActivity);
        spans.ShouldAllBe(a => a.TraceId == root.TraceId);
        question.ParentSpanId.ShouldBe(root.SpanId);
        retrieve.ParentSpanId.ShouldBe(question.SpanId);
        answer.ParentSpanId.ShouldBe(question.SpanId);
        send.ParentSpanId.ShouldBe(root.SpanId);
        question.GetTagItem(BotTelemetry.Tags.Outcome).ShouldBe("answered");
        question.GetTagItem(BotTelemetry.Tags.Language).ShouldBe("en");
        spans.SelectMany(a => a.Tags).ShouldNotContain(t => t.Value != null && t.Value.Contains("Sora", StringComparison.Ordinal));
    }

    private MetricCollector<T> Collector<T>(string instrument)
        where T : struct => new(Meters, BotTelemetry.MeterName, instrument);

    private static IncomingMessage Question(string text) =>
        new("telegram", "chat-1", "user-1", "m-" + Guid.NewGuid().ToString("N"), text, Flags: MessageFlags.Private);
}
