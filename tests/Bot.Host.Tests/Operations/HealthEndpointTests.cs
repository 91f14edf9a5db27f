using System.Net;
using System.Text.Json;
using Bot.Core.Diagnostics;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Tests.Operations;

public class HealthEndpointTests
{
    /// <summary>The composed host without platforms, listening on a free loopback port.</summary>
    private static BotTestHost.Builder Host() => BotTestHost.Create().WithoutPlatforms().WithHttp();

    [Fact]
    public async Task Healthz_answers_ok_while_the_process_runs()
    {
        await using var host = await Host().StartAsync();

        using var response = await host.Http.GetAsync("healthz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Trim().ShouldBe("ok");
    }

    [Fact]
    public async Task Readyz_is_200_and_names_the_knowledge_when_the_knowledge_is_loaded()
    {
        await using var host = await Host().StartAsync();

        using var response = await host.Http.GetAsync("readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl?.NoStore.ShouldBeTrue();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("status").GetString().ShouldBe("ready");
        var knowledge = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "knowledge");
        knowledge.GetProperty("ready").GetBoolean().ShouldBeTrue();
        knowledge.GetProperty("detail").GetString()!.ShouldContain("files");
    }

    [Fact]
    public async Task Readyz_reports_the_storage_it_opened()
    {
        await using var host = await Host().StartAsync();

        using var response = await host.Http.GetAsync("readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").EnumerateArray();
        var storage = checks.Single(c => c.GetProperty("name").GetString() == "storage");
        storage.GetProperty("ready").GetBoolean().ShouldBeTrue();
        storage.GetProperty("detail").GetString()!.ShouldEndWith("bot.db");
    }

    [Fact]
    public async Task Readyz_is_503_when_the_database_cannot_be_opened_and_nothing_falls_back_to_memory()
    {
        using var blocker = new Bot.Testing.TempKnowledgeFolder();
        var file = blocker.Write("not-a-folder", "a file where the database folder should be");

        await using var host = await Host().WithSqlite(Path.Combine(file, "bot.db")).StartAsync();
        using var response = await host.Http.GetAsync("readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("\"name\":\"storage\",\"ready\":false");
        text.ShouldContain("cannot be opened");
        text.ShouldNotContain("in memory");
    }

    [Fact]
    public async Task Readyz_is_503_and_names_what_is_not_ready()
    {
        await using var host = await Host().WithServices(s =>
            s.AddHealthChecks().AddCheck("telegram", () => HealthCheckResult.Unhealthy("Telegram is starting."), tags: [Readiness.Tag])).StartAsync();

        using var response = await host.Http.GetAsync("readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("status").GetString().ShouldBe("not ready");
        var checks = body.GetProperty("checks").EnumerateArray().ToList();
        var telegram = checks.Single(c => c.GetProperty("name").GetString() == "telegram");
        telegram.GetProperty("ready").GetBoolean().ShouldBeFalse();
        telegram.GetProperty("detail").GetString().ShouldBe("Telegram is starting.");
        checks.Single(c => c.GetProperty("name").GetString() == "knowledge").GetProperty("ready").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_check_that_throws_is_not_ready_and_its_message_stays_in_the_log()
    {
        await using var host = await Host().WithServices(s =>
            s.AddHealthChecks().AddCheck<ThrowingCheck>("storage-probe", tags: [Readiness.Tag])).StartAsync();

        using var response = await host.Http.GetAsync("readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("\"name\":\"storage-probe\",\"ready\":false");
        text.ShouldContain("InvalidOperationException");
        text.ShouldNotContain("Password=");
    }

    [Fact]
    public async Task Health_checks_tagged_ready_take_part_in_readiness()
    {
        await using var host = await Host().WithServices(s => s.AddHealthChecks()
            .AddCheck("discord", () => HealthCheckResult.Unhealthy("Discord gateway shard 0 is reconnecting."), tags: ["ready"])
            .AddCheck("not-for-readiness", () => HealthCheckResult.Unhealthy("ignored"))).StartAsync();

        using var response = await host.Http.GetAsync("readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("Discord gateway shard 0 is reconnecting.");
        text.ShouldNotContain("not-for-readiness");
    }

    [Fact]
    public async Task A_check_that_never_answers_is_reported_not_ready_within_the_bound()
    {
        await using var host = await Host().WithServices(s =>
            s.AddHealthChecks().AddCheck<HangingCheck>("hangs", tags: [Readiness.Tag])).StartAsync();

        using var response = await host.Http.GetAsync("readyz");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).ShouldContain("no answer within");
    }

    [Fact]
    public async Task Metrics_are_served_in_the_prometheus_text_format()
    {
        await using var host = await Host().StartAsync();
        var engine = host.Services.GetRequiredService<IBotEngine>();
        await engine.HandleAsync(new IncomingMessage("console", "c", "u", "1", "When was Sora unveiled?", Flags: MessageFlags.Private));

        using var response = await host.Http.GetAsync("metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("# TYPE bot_questions_received_total counter");
        text.Split('\n').ShouldContain(l => l.StartsWith("bot_questions_received_total{", StringComparison.Ordinal) &&
                                            l.Contains("bot_platform=\"console\"", StringComparison.Ordinal) &&
                                            l.Contains("bot_lang=\"en\"", StringComparison.Ordinal));
        text.ShouldContain("# TYPE bot_answer_duration_seconds histogram");
        text.ShouldContain("bot_knowledge_documents{");
        text.ShouldContain("bot_knowledge_reloads_total{");
    }

    private sealed class ThrowingCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("Host=db;Password=hunter2 refused the connection");
    }

    private sealed class HangingCheck : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
            return HealthCheckResult.Healthy("unreachable");
        }
    }
}
