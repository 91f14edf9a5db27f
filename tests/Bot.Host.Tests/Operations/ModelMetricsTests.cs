using System.Diagnostics.Metrics;
using Bot.Core.Diagnostics;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Testing;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Bot.Host.Tests.Operations;

/// <summary>Model calls, fallbacks and tokens, counted by the model answerer against the fake model server.</summary>
public sealed class ModelMetricsTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _host = await BotTestHost.Create().WithoutPlatforms().WithModel(_server).StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_model_answer_counts_one_successful_call_and_its_tokens()
    {
        using var calls = Collector("bot.model.calls");
        using var tokens = Collector("bot.model.tokens");
        using var fallbacks = Collector("bot.model.fallbacks");

        var reply = await AskAsync("When did OpenAI first show off Sora?");

        reply.Kind.ShouldBe(ReplyKind.Answer);
        calls.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags[BotTelemetry.Tags.Outcome].ShouldBe("ok");
        tokens.GetMeasurementSnapshot().Sum(m => m.Value).ShouldBeGreaterThan(0);
        fallbacks.GetMeasurementSnapshot().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failing_model_counts_a_failed_call_and_a_fallback()
    {
        _server.Script = _ => FakeReply.Status(503);
        using var calls = Collector("bot.model.calls");
        using var fallbacks = Collector("bot.model.fallbacks");

        var reply = await AskAsync("Sora của OpenAI ra mắt ngày nào?");

        reply.Kind.ShouldBe(ReplyKind.Answer);
        calls.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags[BotTelemetry.Tags.Outcome].ShouldBe("error");
        fallbacks.GetMeasurementSnapshot().ShouldHaveSingleItem().Tags[BotTelemetry.Tags.Reason].ShouldBe("error");
    }

    private MetricCollector<long> Collector(string instrument) =>
        new(_host.Get<IMeterFactory>(), BotTelemetry.MeterName, instrument);

    private async Task<BotReply> AskAsync(string question) =>
        (await _host.Get<IBotEngine>().HandleAsync(
            new IncomingMessage("console", "c", "u", Guid.NewGuid().ToString("N"), question, Flags: MessageFlags.Private)))!;
}
