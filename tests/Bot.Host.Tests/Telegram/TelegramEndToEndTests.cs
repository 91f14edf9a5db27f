using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Answering;
using Bot.Core.Stores;
using Bot.Testing;
using Bot.Testing.FakeDiscord;
using Bot.Testing.FakeTelegram;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Telegram;

/// <summary>The product as users meet it on Telegram: the real host and engine, configured by keys, against the fake Bot API.</summary>
[Collection(TelegramEndToEndCollection.Name)]
public sealed class TelegramEndToEndTests(KnowledgeCopy knowledge) : IClassFixture<KnowledgeCopy>, IAsyncLifetime
{
    private static readonly FakeUser Lan = new(42, "Lan", "vi");
    private static readonly FakeUser Sam = new(43, "Sam", "en");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bot-telegram-e2e-" + Guid.NewGuid().ToString("N"));
    private FakeTelegramServer _fake = null!;

    /// <summary>This test's own database (the host keeps processed updates and the polling offset there).</summary>
    private string StoragePath => Path.Combine(_data, "bot.db");

    public async Task InitializeAsync() => _fake = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Not created, or SQLite still holds the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>The real host against the fake Bot API, on this test's knowledge copy and database.</summary>
    private BotTestHost.Builder Host() => BotTestHost.Create().WithTelegram(_fake).WithKnowledge(knowledge.Path).WithSqlite(StoragePath);

    private Task<BotTestHost> StartHostAsync() => Host().StartAsync();

    [Fact]
    public async Task Answers_a_private_question_with_a_cited_reply()
    {
        await using var host = await StartHostAsync();

        _fake.SendPrivate(Sam, "When did OpenAI release Sora 2?");

        var reply = (await _fake.WaitForMessagesAsync(Sam.Id)).ShouldHaveSingleItem();
        reply.Text!.ShouldContain("30 September 2025");
        reply.Text!.ShouldContain("Sources:");
        reply.Text!.ShouldContain(", as of ");
        reply.Text!.ShouldNotContain(".md");
        reply.Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(1);
        reply.Body["reply_markup"]!["inline_keyboard"]!.AsArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Answers_in_Vietnamese_with_Vietnamese_source_labels()
    {
        await using var host = await StartHostAsync();

        _fake.SendPrivate(Lan, "OpenAI ra mắt Sora 2 khi nào?");

        var reply = (await _fake.WaitForMessagesAsync(Lan.Id)).ShouldHaveSingleItem();
        reply.Text!.ShouldContain("Nguồn:");
        reply.Text!.ShouldContain(", tính đến ");
    }

    [Fact]
    public async Task Ignores_group_messages_without_mention_and_commands_for_another_bot()
    {
        _fake.CanReadAllGroupMessages = true;
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        await using var host = await StartHostAsync();

        _fake.UserSays(group, Sam, "When did OpenAI release Sora 2?");
        _fake.UserSays(group, Sam, "/ask@OtherBot When did OpenAI release Sora 2?");
        _fake.UserSays(group, Sam, "/ask@AiRaceBot When did OpenAI release Sora 2?");

        var replies = await _fake.WaitForMessagesAsync(group.Id);
        replies.ShouldHaveSingleItem().Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(3);
        _fake.SentTo(group.Id).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_reply_to_the_bot_is_answered_as_a_follow_up_with_its_context()
    {
        var group = _fake.AddChat(-200, FakeChatType.Supergroup, "AI race");
        await using var host = await StartHostAsync();

        _fake.UserSays(group, Sam, "/ask When did OpenAI release Sora 2?");
        var first = (await _fake.WaitForMessagesAsync(group.Id)).ShouldHaveSingleItem();
        _fake.UserSays(group, Sam, "Is it available in Vietnam?", replyToMessageId: first.SentMessageId);
        var followUp = (await _fake.WaitForMessagesAsync(group.Id, 2))[1];

        // The engine searched with the replied-to question as context (its debug line shows the query it built),
        // and the answer replies to the follow-up and cites the Sora knowledge.
        host.Logs.Lines.ShouldContain(l => l.Contains("Is it available in Vietnam?", StringComparison.Ordinal)
            && l.Contains("query:", StringComparison.Ordinal)
            && l.Contains("When did OpenAI release Sora 2?", StringComparison.Ordinal));
        followUp.Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(first.SentMessageId!.Value + 1);
        (followUp.Text ?? string.Empty).ShouldContain("<b>Sources:</b>\n<b>");
        (followUp.Text ?? string.Empty).ShouldContain("Sora");
    }

    [Fact]
    public async Task A_5000_character_answer_is_cut_to_one_message_that_keeps_its_sources()
    {
        await using var host = await Host().WithServices(s => s.AddSingleton<IAnswerer, LongAnswerer>()).StartAsync();

        _fake.SendPrivate(Sam, "When did OpenAI release Sora 2?");

        var reply = (await _fake.WaitForMessagesAsync(Sam.Id)).ShouldHaveSingleItem();
        reply.Text!.Length.ShouldBeLessThanOrEqualTo(2000);
        reply.Text!.ShouldStartWith("Paragraph 01 ");
        reply.Text!.ShouldContain("Sources:");
        reply.Body["reply_markup"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_storm_of_429s_loses_no_answer()
    {
        await using var host = await StartHostAsync();
        using var limited = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), Bot.Core.Diagnostics.BotTelemetry.MeterName, "bot.platform.rate_limited");
        _fake.FailNext("sendMessage", FakeTelegramFailure.TooManyRequests(1), times: 4);
        var users = Enumerable.Range(0, 6).Select(i => new FakeUser(1000 + i, "U" + i)).ToList();

        foreach (var user in users)
        {
            _fake.SendPrivate(user, "When did OpenAI release Sora 2?");
            _fake.SendPrivate(user, "What is DeepSeek?");
        }

        foreach (var user in users)
        {
            var replies = await _fake.WaitForMessagesAsync(user.Id, 2, TimeSpan.FromSeconds(20));
            replies[0].Body["reply_parameters"]!["message_id"]!.GetValue<int>()
                .ShouldBeLessThan(replies[1].Body["reply_parameters"]!["message_id"]!.GetValue<int>());
        }

        _fake.RequestsFor("sendMessage").Count(r => r.Status == 429).ShouldBe(4);
        limited.GetMeasurementSnapshot().Sum(m => m.Value).ShouldBe(4);
        limited.GetMeasurementSnapshot().ShouldAllBe(m => (string?)m.Tags[Bot.Core.Diagnostics.BotTelemetry.Tags.Platform] == "telegram" && (string?)m.Tags[Bot.Core.Diagnostics.BotTelemetry.Tags.Route] == "sendMessage");
    }

    [Fact]
    public async Task A_restart_mid_stream_does_not_answer_twice_or_skip()
    {
        // Both hosts use this test's database: processed updates and the offset survive the restart.
        var first = await StartHostAsync();
        for (var i = 1; i <= 4; i++)
        {
            _fake.SendPrivate(Sam, $"Question {i}: when did OpenAI release Sora 2?");
        }

        await _fake.WaitForMessagesAsync(Sam.Id, 2);
        await first.DisposeAsync();
        for (var i = 5; i <= 6; i++)
        {
            _fake.SendPrivate(Sam, $"Question {i}: when did OpenAI release Sora 2?");
        }

        await using var second = await StartHostAsync();
        var replies = await _fake.WaitForMessagesAsync(Sam.Id, 6, TimeSpan.FromSeconds(20));

        var repliedTo = replies.Select(r => r.Body["reply_parameters"]!["message_id"]!.GetValue<int>()).ToList();
        repliedTo.Count.ShouldBe(6);
        repliedTo.Distinct().Count().ShouldBe(6);
        repliedTo.ShouldBe(repliedTo.Order().ToList());

        // Anything answered twice would be out by the time a later question is answered.
        _fake.SendPrivate(Lan, "Sora 2 ra mắt khi nào?");
        await _fake.WaitForMessagesAsync(Lan.Id);
        _fake.SentTo(Sam.Id).Count.ShouldBe(6);
    }

    [Fact]
    public async Task The_webhook_rejects_a_wrong_secret_and_answers_with_the_right_one()
    {
        await using var host = await Host().WithHttp()
            .With("Telegram:Mode", "Webhook")
            .With("Telegram:WebhookUrl", "https://bot.example.org/telegram/webhook")
            .With("Telegram:WebhookSecret", "right-secret")
            .StartAsync();
        await _fake.WaitForAsync(r => r.Is("setWebhook") && r.Succeeded);
        _fake.AddChat(Sam.Id, FakeChatType.Private);
        using var http = new HttpClient();
        var update = new JsonObject
        {
            ["update_id"] = 1,
            ["message"] = new JsonObject
            {
                ["message_id"] = 7,
                ["date"] = 1,
                ["chat"] = new JsonObject { ["id"] = Sam.Id, ["type"] = "private" },
                ["from"] = new JsonObject { ["id"] = Sam.Id, ["is_bot"] = false, ["first_name"] = "Sam", ["language_code"] = "en" },
                ["text"] = "When did OpenAI release Sora 2?",
            },
        }.ToJsonString();

        (await PostAsync(http, host.Address + "telegram/webhook", update, "wrong-secret")).ShouldBe(HttpStatusCode.Unauthorized);
        _fake.SentTo(Sam.Id).ShouldBeEmpty();
        (await PostAsync(http, host.Address + "telegram/webhook", update, "right-secret")).ShouldBe(HttpStatusCode.OK);

        (await _fake.WaitForMessagesAsync(Sam.Id)).ShouldHaveSingleItem().Text!.ShouldContain("Sora 2");
    }

    [Fact]
    public async Task The_token_never_appears_in_any_log_line_at_debug_level()
    {
        LogCapture logs;
        await using (var host = await StartHostAsync())
        {
            logs = host.Logs;
            _fake.SendPrivate(Sam, "When did OpenAI release Sora 2?");
            _fake.FailNext("sendMessage", FakeTelegramFailure.ServerError());
            await _fake.WaitForMessagesAsync(Sam.Id);
        }

        var secretPart = _fake.Token[(_fake.Token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        logs.Lines.ShouldNotBeEmpty();
        logs.Lines.ShouldContain(l => l.StartsWith("Debug ", StringComparison.Ordinal));
        logs.Lines.ShouldContain(l => l.Contains("@AiRaceBot", StringComparison.Ordinal));
        logs.Lines.Where(l => l.Contains(secretPart, StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_token_rejected_at_start_stops_the_host_with_a_clear_message()
    {
        _fake.RevokeToken();

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartHostAsync());

        error.Message.ShouldContain("Telegram:Token");
        error.Message.ShouldContain("401");
    }

    [Fact]
    public async Task A_token_rejected_at_start_makes_the_program_exit_non_zero_naming_the_key()
    {
        _fake.RevokeToken();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await Bot.Host.Cli.BotCli.RunAsync(
            [.. Host().With("Logging:LogLevel:Default", "None").CommandLine()],
            TextReader.Null,
            output,
            error);

        exit.ShouldNotBe(0);
        error.ToString().ShouldContain("Telegram:Token");
        error.ToString().ShouldContain("401");
    }

    [Fact]
    public async Task A_malformed_base_url_stops_the_start_naming_the_key()
    {
        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => Host().With("Telegram:BaseUrl", _fake.BaseUrl + "/some/path").StartAsync());

        error.Message.ShouldContain("Telegram:BaseUrl");
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string url, string json, string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>An answerer that writes a long answer from the evidence it is given (the engine still builds the citations).</summary>
    private sealed class LongAnswerer : IAnswerer
    {
        public const int Paragraphs = 10;

        public Task<AnswerDraft> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default) =>
            Task.FromResult(new AnswerDraft(
                [.. Enumerable.Range(1, Paragraphs).Select(i => $"Paragraph {i:00} " + new string('s', 490))],
                [.. request.Hits.Take(1).Select(h => h.Section)],
                false,
                []));
    }
}

/// <summary>
/// These tests wait for replies from a whole bot: they run on their own, not beside the CPU-heavy evaluation suites,
/// so a loaded 2-core machine cannot starve them past their bounded waits.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelegramEndToEndCollection
{
    public const string Name = "Telegram end-to-end";
}
