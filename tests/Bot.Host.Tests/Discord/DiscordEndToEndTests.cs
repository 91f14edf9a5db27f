using System.Text.Json.Nodes;
using Bot.Core.Answering;
using Bot.Core.Stores;
using Bot.Host;
using Bot.Testing;
using Bot.Testing.FakeDiscord;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Discord;

/// <summary>
/// The real host (BotHost), the real engine and the repository's knowledge, talking to the fake Discord server
/// over WebSocket and HTTP on loopback, configured only through the documented keys.
/// Not run in parallel with other host tests: one of them sets the process exit code for a moment.
/// </summary>
[Collection(DiscordHostCollection.Name)]
public sealed class DiscordEndToEndTests : IAsyncLifetime
{
    private readonly TempKnowledgeFolder _knowledge = TempKnowledgeFolder.CopyOf(RepositoryPaths.Knowledge);
    private readonly LogCapture _logs = new();
    private FakeDiscordServer _fake = null!;
    private BotTestHost? _host;
    private WebApplication? _app;

    private string Bot => _fake.Options.BotUserId;

    public async Task InitializeAsync() => _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { IdentifyWindow = TimeSpan.Zero });

    private async Task<WebApplication> StartBotAsync(IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null, bool waitForSession = true)
    {
        var builder = BotTestHost.Create()
            .WithDiscord(_fake)
            .WithKnowledge(_knowledge.Root)

            // Each test its own database (in a dot-folder the knowledge loader skips), so reruns start clean.
            .WithSqlite(Path.Combine(_knowledge.Root, ".data", "bot.db"))
            .WithHttp()
            .WithLogLevel(LogLevel.Trace)
            .WithLogs(_logs)
            .With(extra ?? new Dictionary<string, string?>());
        if (services is not null)
        {
            builder.WithServices(services);
        }

        _host = await builder.StartAsync();
        _app = _host.App;
        if (waitForSession)
        {
            await _fake.WaitForSessionsAsync(1);
            await _fake.WaitUntilAsync(() => _logs.All.Contains("ready as user", StringComparison.Ordinal));
        }

        return _app;
    }

    private Uri InteractionsEndpoint()
    {
        return new Uri(_host!.Address, "discord/interactions");
    }

    [Fact]
    public async Task Slash_ask_gets_a_deferred_response_then_an_edited_cited_answer()
    {
        await StartBotAsync();

        var interaction = await _fake.SendSlashCommandAsync("ask", "When did OpenAI first show off Sora?");
        await _fake.WaitUntilAsync(() => interaction.Original is not null);

        interaction.ResponseType.ShouldBe(5);
        interaction.Original!.Content.ShouldNotBeNullOrWhiteSpace();
        interaction.Followups.ShouldBeEmpty();
        interaction.Original.Content.Length.ShouldBeLessThanOrEqualTo(2000);
        interaction.Original.Content.ShouldContain("\n\n**Sources:**\n**");
        interaction.Original.Content.ShouldContain(", as of ");
        interaction.Original.Content.ShouldNotContain(".md");
        interaction.Original.Embeds.ShouldBeEmpty();
        _fake.AllowedMentionsViolations.ShouldBe(0);
        _logs.All.ShouldNotContain(_fake.Options.Token);
    }

    [Fact]
    public async Task A_mention_gets_a_cited_reply_and_its_feedback_buttons_record_a_vote()
    {
        await StartBotAsync();

        var id = await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> Sora của OpenAI ra mắt ngày nào?", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count >= 1);
        var reply = _fake.BotMessages(FakeDiscordServer.ChannelA)[^1];
        var button = reply.Components.ToJsonString();
        var answerId = System.Text.RegularExpressions.Regex.Match(button, "fb:up:([a-z0-9]+)").Groups[1].Value;

        // The bot stores the answer just after Discord took the message; a press in that instant (no person is that
        // quick) would find no answer to vote on.
        var answers = _app!.Services.GetRequiredService<IAnswerStore>();
        await TestBounds.UntilAsync(async () => await answers.FindByAnswerIdAsync(answerId) is not null, "the answer is stored");
        var press = await _fake.SendButtonPressAsync($"fb:up:{answerId}", reply.Id);
        await _fake.WaitUntilAsync(() => press.ResponseType is not null);

        _fake.BotMessages(FakeDiscordServer.ChannelA)[0].ReferencedMessageId.ShouldBe(id);
        reply.Content.ShouldContain("**Nguồn:**\n**");
        reply.Content.ShouldContain(", tính đến ");
        answerId.ShouldNotBeNullOrEmpty();
        var votes = await _app!.Services.GetRequiredService<IFeedbackStore>().ListAsync(DateTimeOffset.MinValue, "discord");
        votes.ShouldHaveSingleItem().Vote.ShouldBe(FeedbackVote.Up);
        _fake.Requests.Last(r => r.Path.EndsWith("/callback", StringComparison.Ordinal)).Json!["data"]!["flags"]!.GetValue<int>().ShouldBe(64);
    }

    [Fact]
    public async Task A_6000_character_answer_is_cut_to_one_message_that_keeps_its_sources()
    {
        await StartBotAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IAnswerer, LongAnswerer>()));

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> When did OpenAI first show off Sora?", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count >= 1);
        await Task.Delay(300);

        var reply = _fake.BotMessages(FakeDiscordServer.ChannelA).ShouldHaveSingleItem();
        reply.Content.Length.ShouldBeLessThanOrEqualTo(2000);
        reply.Content.ShouldStartWith("#001 ");
        reply.Content.ShouldContain("**Sources:**");
    }

    [Fact]
    public async Task A_dropped_connection_is_resumed_at_the_resume_url_without_losing_an_event()
    {
        await StartBotAsync();

        await _fake.DropConnectionsAsync();
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> What is Kling?", MentionBot: true));
        await _fake.WaitForSessionsAsync(identified: 1, resumed: 1);
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count >= 1);

        _fake.Connections.Single(c => c.Resumed).Path.ShouldBe("/gateway-resume");
        _fake.Connections.Count(c => c.Identified).ShouldBe(1);
        _logs.All.ShouldNotContain(_fake.Options.Token);
    }

    [Fact]
    public async Task A_429_storm_on_a_channel_delays_but_loses_nothing()
    {
        await StartBotAsync();
        _fake.ScriptRateLimit($"channels/{FakeDiscordServer.ChannelB}/messages", 6, 0.05);

        string[] questions = ["What is Sora?", "What is DeepSeek?", "What are the US GPU export controls?"];
        foreach (var q in questions)
        {
            await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelB, $"<@{Bot}> {q}", MentionBot: true));
        }

        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelB).Select(m => m.ReferencedMessageId).Where(r => r is not null).Distinct().Count() == 3);
        _fake.Requests.Count(r => r.Status == 429).ShouldBe(6);
        _fake.RateLimitViolations.ShouldBe(0);
    }

    [Fact]
    public async Task A_question_with_everyone_and_a_role_mention_pings_nobody()
    {
        await StartBotAsync();

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> @everyone <@&123456789012345678> @here what is Sora?", MentionBot: true));
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> @everyone", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Select(m => m.ReferencedMessageId).Where(r => r is not null).Distinct().Count() == 2);

        foreach (var m in _fake.BotMessages(FakeDiscordServer.ChannelA))
        {
            m.Content.ShouldNotContain("@everyone");
            m.Content.ShouldNotContain("@here");
            m.Content.ShouldNotContain("<@&");
        }

        _fake.AllowedMentionsViolations.ShouldBe(0);
        _fake.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal))
            .ShouldAllBe(r => r.Json!["allowed_mentions"]!.ToJsonString() == """{"parse":[]}""");
    }

    [Fact]
    public async Task A_bad_token_stops_the_host_with_a_clear_message_and_a_non_zero_exit()
    {
        try
        {
            var app = await StartBotAsync(new Dictionary<string, string?> { ["Discord:Token"] = "a-wrong-token-value" }, waitForSession: false);
            var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

            stopping.IsCancellationRequested.ShouldBeTrue();
            Environment.ExitCode.ShouldNotBe(0);
            _logs.All.ShouldContain("Discord:Token");
            _logs.All.ShouldNotContain("a-wrong-token-value");
            _fake.Connections.ShouldBeEmpty();
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task A_signed_http_interaction_is_answered_and_a_forged_one_gets_401()
    {
        await StartBotAsync();
        var endpoint = InteractionsEndpoint();
        var interaction = _fake.CreateHttpSlashCommand("ask", "What is DeepSeek?");

        using var forged = await _fake.PostSignedAsync(endpoint, interaction.Payload.ToJsonString(), forge: true);
        using var ping = await _fake.PostSignedAsync(endpoint, """{"type":1}""");
        using var signed = await _fake.PostSignedAsync(endpoint, interaction.Payload.ToJsonString());
        await _fake.WaitUntilAsync(() => interaction.Original is not null);

        forged.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        (await ping.Content.ReadAsStringAsync()).ShouldBe("""{"type":1}""");
        signed.IsSuccessStatusCode.ShouldBeTrue();
        interaction.ResponseType.ShouldBe(5);
        interaction.Original!.Content.ShouldNotBeNullOrWhiteSpace();
        _logs.All.ShouldNotContain(_fake.Options.Token);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _fake.DisposeAsync();
        _knowledge.Dispose();
    }

    /// <summary>An answerer that writes a long answer from the real evidence (as a model answerer might).</summary>
    private sealed class LongAnswerer : IAnswerer
    {
        public const int Paragraphs = 12;

        public Task<AnswerDraft> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
        {
            var blocks = Enumerable.Range(1, Paragraphs).Select(i => $"#{i:000} " + string.Concat(Enumerable.Repeat("Sora 2 adds sound and cameos. ", 17))).ToList();
            return Task.FromResult(new AnswerDraft(blocks, [.. request.Hits.Take(2).Select(h => h.Section)], false, []));
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DiscordHostCollection
{
    public const string Name = "Discord host (exit code)";
}
