using System.Net;
using System.Net.Sockets;
using Bot.Core.Answering;
using Bot.Core.Diagnostics;
using Bot.Core.Llm;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Bot.Core.Tests.Llm.LlmTestKit;

namespace Bot.Core.Tests.Llm;

/// <summary>Whatever the model does wrong, the user still gets an answer.</summary>
public sealed class ModelFaultTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_transient_error_is_retried_once_then_the_extractive_answer_serves_with_a_note(int status)
    {
        await using var sp = Build(ModelConfig(_server), _time);
        _server.Script = _ => FakeReply.Status(status);

        var draft = await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));

        _server.ChatCalls.Count.ShouldBe(2);
        draft.Declined.ShouldBeFalse();
        draft.Blocks.ShouldNotBeEmpty();
        draft.Used.ShouldContain(SoraLaunchEn);
        draft.Notes.ShouldContain(LlmNotes.ModelUnavailable("en"));
    }

    [Fact]
    public async Task A_429_followed_by_success_gives_the_model_answer()
    {
        await using var sp = Build(ModelConfig(_server), _time);
        _server.Enqueue(FakeReply.Status(429, retryAfter: "30"));

        var draft = await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));

        _server.ChatCalls.Count.ShouldBe(2);
        draft.Notes.ShouldBeEmpty();
        draft.Blocks.ShouldHaveSingleItem().ShouldEndWith("[1]");
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var sp = Build(ModelConfig(_server), _time);
        _server.Enqueue(FakeReply.Status(401));

        var draft = await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("Sora ra mắt khi nào?", "vi", SoraLaunchVi));

        _server.ChatCalls.Count.ShouldBe(1);
        draft.Notes.ShouldContain(LlmNotes.ModelUnavailable("vi"));
    }

    [Fact]
    public async Task Malformed_JSON_from_the_model_falls_back()
    {
        await using var sp = Build(ModelConfig(_server), _time);
        _server.Script = _ => FakeReply.Malformed();

        var draft = await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));

        draft.Declined.ShouldBeFalse();
        draft.Used.ShouldContain(SoraLaunchEn);
        draft.Notes.ShouldContain(LlmNotes.ModelUnavailable("en"));
    }

    [Fact]
    public async Task A_refused_connection_falls_back()
    {
        var config = ModelConfig(_server);
        config["Llm:Endpoint"] = $"http://127.0.0.1:{ClosedPort()}/v1";
        await using var sp = Build(config, _time);

        var draft = await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("Sora ra mắt khi nào?", "vi", SoraLaunchVi));

        draft.Declined.ShouldBeFalse();
        draft.Used.ShouldContain(SoraLaunchVi);
        draft.Notes.ShouldContain(LlmNotes.ModelUnavailable("vi"));
    }

    [Fact]
    public async Task A_model_that_does_not_answer_in_time_falls_back_when_the_timeout_passes()
    {
        await using var sp = Build(ModelConfig(_server, ("Llm:TimeoutSeconds", "5")), _time);
        _server.Script = _ => FakeReply.Hang();

        var answering = sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));
        await Until(() => _server.Hanging == 1, "the model call to arrive");
        answering.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(6));
        var draft = await answering.WaitAsync(TimeSpan.FromSeconds(30));

        draft.Notes.ShouldContain(LlmNotes.ModelUnavailable("en"));
        draft.Used.ShouldContain(SoraLaunchEn);
    }

    [Fact]
    public async Task The_breaker_opens_after_repeated_failures_and_closes_after_the_break()
    {
        await using var sp = Build(ModelConfig(_server), _time);
        var answerer = sp.GetRequiredService<IAnswerer>();
        var request = Request("When was Sora released?", "en", SoraLaunchEn);
        _server.Script = _ => FakeReply.Status(500);

        // Two answers, two attempts each: four failures open the breaker.
        await answerer.AnswerAsync(request);
        await answerer.AnswerAsync(request);
        _server.ChatCalls.Count.ShouldBe(4);

        // Open: the model is not called at all, the user still gets an answer.
        _server.Script = FakeOpenAiServer.DefaultScript;
        var whileOpen = await answerer.AnswerAsync(request);
        _server.ChatCalls.Count.ShouldBe(4);
        whileOpen.Notes.ShouldContain(LlmNotes.ModelUnavailable("en"));
        whileOpen.Used.ShouldContain(SoraLaunchEn);

        // After the break a trial call goes through; it succeeds, so the breaker closes.
        _time.Advance(TimeSpan.FromSeconds(31));
        var afterBreak = await answerer.AnswerAsync(request);
        _server.ChatCalls.Count.ShouldBe(5);
        afterBreak.Notes.ShouldBeEmpty();
        var closed = await answerer.AnswerAsync(request);
        _server.ChatCalls.Count.ShouldBe(6);
        closed.Notes.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_dashboard_counters_follow_the_breaker_and_count_every_fallback()
    {
        await using var sp = Build(ModelConfig(_server), _time, configure: s =>
        {
            s.AddMetrics();
            s.AddSingleton<RuntimeCounters>();
            s.AddSingleton<BotMetrics>();
        });
        var runtime = sp.GetRequiredService<RuntimeCounters>();
        var answerer = sp.GetRequiredService<IAnswerer>();
        var request = Request("When was Sora released?", "en", SoraLaunchEn);
        runtime.Current.ShouldSatisfyAllConditions(r => r.ModelOn.ShouldBeTrue(), r => r.Circuit.ShouldBe(ModelCircuit.Closed), r => r.ModelFallbacks.ShouldBe(0));

        _server.Script = _ => FakeReply.Status(500);
        await answerer.AnswerAsync(request);
        await answerer.AnswerAsync(request);
        runtime.Current.Circuit.ShouldBe(ModelCircuit.Open);
        await answerer.AnswerAsync(request);
        runtime.Current.ModelFallbacks.ShouldBe(3);

        _server.Script = FakeOpenAiServer.DefaultScript;
        _time.Advance(TimeSpan.FromSeconds(31));
        await answerer.AnswerAsync(request);
        runtime.Current.Circuit.ShouldBe(ModelCircuit.Closed);
        runtime.Current.ModelFallbacks.ShouldBe(3);
    }

    [Fact]
    public void Without_a_model_the_breaker_is_off()
    {
        var runtime = new RuntimeCounters(_time, Microsoft.Extensions.Options.Options.Create(new LlmOptions()));
        runtime.Current.ShouldSatisfyAllConditions(r => r.ModelOn.ShouldBeFalse(), r => r.Circuit.ShouldBe(ModelCircuit.Off));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_a_fallback()
    {
        await using var sp = Build(ModelConfig(_server), _time);
        _server.Script = _ => FakeReply.Hang();
        using var cts = new CancellationTokenSource();

        var answering = sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn), cts.Token);
        await Until(() => _server.Hanging == 1, "the model call to arrive");
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => answering.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task The_API_key_never_appears_in_logs_even_at_trace_level()
    {
        var logs = new CapturingLoggerProvider();
        await using var sp = Build(ModelConfig(_server), _time, logs);
        var answerer = sp.GetRequiredService<IAnswerer>();

        await answerer.AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));
        _server.Script = _ => FakeReply.Status(401);
        await answerer.AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));

        _server.Requests.ShouldAllBe(r => r.Headers["Authorization"] == "Bearer " + ApiKey);
        logs.Entries.ShouldContain(e => e.Category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal));
        logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Trace);
        logs.AllText.ShouldAllBe(text => !text.Contains(ApiKey));
        logs.AllText.ShouldAllBe(text => !text.Contains("7f3c9a1e"));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
