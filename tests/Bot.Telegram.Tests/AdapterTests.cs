using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Testing;
using Bot.Testing.FakeTelegram;

namespace Bot.Telegram.Tests;

/// <summary>The adapter against the fake Bot API over real HTTP, with the real Telegram.Bot client and a fake engine.</summary>
public sealed class AdapterTests : IAsyncLifetime
{
    private static readonly FakeUser Lan = new(42, "Lan", "vi");
    private static readonly FakeUser Minh = new(43, "Minh", "en");
    private FakeTelegramServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Answers_a_private_question_as_an_html_reply_with_links_buttons_and_no_preview()
    {
        await using var host = await AdapterHost.StartAsync(_fake);

        _fake.SendPrivate(Lan, "Sora là gì?");
        var sent = (await _fake.WaitForMessagesAsync(Lan.Id)).ShouldHaveSingleItem();

        sent.ParseMode.ShouldBe("HTML", StringCompareShould.IgnoreCase);
        sent.Text!.ShouldContain("Answer: Sora là gì?");
        sent.Text!.ShouldContain("<a href=\"https://openai.com/index/sora-is-here/\">OpenAI announcement</a>");
        sent.Body["link_preview_options"]!["is_disabled"]!.GetValue<bool>().ShouldBeTrue();
        sent.Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(1);
        var buttons = sent.Body["reply_markup"]!["inline_keyboard"]![0]!.AsArray();
        buttons.Select(b => b!["callback_data"]!.ToString()).ShouldBe(["fb:+:a1", "fb:-:a1", "src"]);
        var question = host.Engine.Received.ShouldHaveSingleItem();
        question.Flags.ShouldBe(MessageFlags.Private);
        question.Locale.ShouldBe("vi");
        await WaitUntilAsync(() => !host.Engine.Sent.IsEmpty);
        host.Engine.Sent.ShouldHaveSingleItem().BotMessageId.ShouldBe("2");
    }

    [Fact]
    public async Task Without_a_token_the_host_runs_and_Telegram_stays_off()
    {
        await using var host = await AdapterHost.StartAsync(_fake, s => s["Telegram:Token"] = string.Empty);

        host.Get<TelegramStatus>().State.ShouldBe(TelegramState.Off);
        var health = await host.Get<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync();
        health.Entries["telegram"].Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
        _fake.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Shows_typing_while_the_answer_is_prepared_and_renews_it()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeBotEngine { BeforeReply = (_, ct) => release.Task.WaitAsync(ct) };
        await using var host = await AdapterHost.StartAsync(_fake, engine: engine);

        _fake.SendPrivate(Lan, "slow question");
        await _fake.WaitForAsync(r => r.Is("sendChatAction") && r.Body["action"]!.ToString() == "typing", count: 2);
        release.SetResult();

        await _fake.WaitForMessagesAsync(Lan.Id);
    }

    [Fact]
    public async Task Ignores_group_chatter_and_commands_for_other_bots_but_answers_ask_mentions_and_replies()
    {
        _fake.CanReadAllGroupMessages = true;
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        await using var host = await AdapterHost.StartAsync(_fake);

        // Like the real engine in the default mode (mentions): unaddressed group chatter reaches it but gets no answer.
        host.Engine.Reply = m => m.Command is null && m.Flags == MessageFlags.None ? null : FakeBotEngine.Answer("Answer: " + m.Text);
        _fake.UserSays(group, Minh, "just chatting about Sora");
        _fake.UserSays(group, Minh, "/ask@OtherBot what is Sora?");
        _fake.UserSays(group, Minh, "/ask@AiRaceBot what is Sora?");
        var first = (await _fake.WaitForMessagesAsync(group.Id)).ShouldHaveSingleItem();
        var answerId = (int)first.Body["reply_parameters"]!["message_id"]!.GetValue<int>();
        _fake.UserSays(group, Minh, "@AiRaceBot and Kling?");
        var botMessage = await WaitForBotMessageIdAsync(host, 1);
        _fake.UserSays(group, Minh, "and Veo?", replyToMessageId: botMessage);
        await _fake.WaitForMessagesAsync(group.Id, 3);

        var received = host.Engine.Received.ToList();
        received.Select(m => m.Text).ShouldBe(["just chatting about Sora", "what is Sora?", "and Kling?", "and Veo?"]);
        received[0].Flags.ShouldBe(MessageFlags.None);
        received[0].Command.ShouldBeNull();
        received[0].BotSeesAllMessages.ShouldBe(true);
        received = received[1..];
        received[0].Command.ShouldBe("ask");
        received[1].Flags.ShouldBe(MessageFlags.Mentioned);
        received[2].Flags.ShouldBe(MessageFlags.ReplyToBot);
        received[2].ReplyToMessageId.ShouldBe(botMessage.ToString(System.Globalization.CultureInfo.InvariantCulture));
        answerId.ShouldBe(3);
    }

    [Fact]
    public async Task Answers_in_the_same_forum_topic()
    {
        var forum = _fake.AddChat(-300, FakeChatType.Supergroup, "Forum", isForum: true);
        await using var host = await AdapterHost.StartAsync(_fake);

        _fake.UserSays(forum, Minh, "/ask what is Sora?", threadId: 9);

        var sent = (await _fake.WaitForMessagesAsync(forum.Id)).ShouldHaveSingleItem();
        sent.Body["message_thread_id"]!.GetValue<int>().ShouldBe(9);
    }

    [Fact]
    public async Task A_5000_character_answer_goes_out_in_order_as_several_replies()
    {
        var paragraphs = Enumerable.Range(1, 10).Select(i => $"Part {i:00}. " + new string('y', 490)).ToList();
        var engine = new FakeBotEngine { Reply = _ => FakeBotEngine.Answer("x") with { Blocks = paragraphs } };
        await using var host = await AdapterHost.StartAsync(_fake, engine: engine);

        _fake.SendPrivate(Lan, "long please");
        var sent = await _fake.WaitForMessagesAsync(Lan.Id, 2);

        var text = string.Concat(sent.Select(s => s.Text));
        text.IndexOf("Part 01.", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("Part 10.", StringComparison.Ordinal));
        sent.ShouldAllBe(s => s.Text!.Length <= 4096);
        sent[0].Body["reply_parameters"].ShouldNotBeNull();
        sent[0].Body["reply_markup"].ShouldBeNull();
        sent[^1].Body["reply_markup"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_storm_of_429s_delays_answers_but_loses_none_and_keeps_their_order()
    {
        await using var host = await AdapterHost.StartAsync(_fake);
        _fake.FailNext("sendMessage", FakeTelegramFailure.TooManyRequests(1), times: 3);

        for (var i = 1; i <= 5; i++)
        {
            _fake.SendPrivate(Lan, $"question {i}");
        }

        var sent = await _fake.WaitForMessagesAsync(Lan.Id, 5);
        sent.Select(s => s.Text!.Split('\n')[0]).ShouldBe(Enumerable.Range(1, 5).Select(i => $"Answer: question {i}"));
        _fake.RequestsFor("sendMessage").Count(r => r.Status == 429).ShouldBe(3);
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_message_goes_out()
    {
        await using var host = await AdapterHost.StartAsync(_fake);
        _fake.FailNext("sendMessage", FakeTelegramFailure.ServerError(), times: 2);
        _fake.FailNext("sendMessage", FakeTelegramFailure.BadGateway());

        _fake.SendPrivate(Lan, "hello?");

        (await _fake.WaitForMessagesAsync(Lan.Id)).ShouldHaveSingleItem();
        _fake.RequestsFor("sendMessage").Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_blocked_chat_gets_no_retries_and_no_further_messages()
    {
        await using var host = await AdapterHost.StartAsync(_fake);
        _fake.AddChat(Lan.Id, FakeChatType.Private);
        _fake.BlockChat(Lan.Id);

        _fake.SendPrivate(Lan, "first");
        await _fake.WaitForAsync(r => r.Is("sendMessage") && r.Status == 403);
        _fake.SendPrivate(Lan, "second");
        _fake.SendPrivate(Minh, "from someone else");
        await _fake.WaitForMessagesAsync(Minh.Id);

        _fake.RequestsFor("sendMessage").Count(r => r.ChatId == Lan.Id).ShouldBe(1);
    }

    [Fact]
    public async Task A_formatting_error_sends_the_same_answer_as_plain_text()
    {
        await using var host = await AdapterHost.StartAsync(_fake);
        _fake.FailNext("sendMessage", FakeTelegramFailure.BadFormatting());

        _fake.SendPrivate(Lan, "<odd> question");

        var sent = (await _fake.WaitForMessagesAsync(Lan.Id)).ShouldHaveSingleItem();
        sent.ParseMode.ShouldBeNull();
        sent.Text!.ShouldContain("Answer: <odd> question");
        sent.Text!.ShouldContain("https://openai.com/index/sora-is-here/");
    }

    [Fact]
    public async Task A_feedback_press_is_stored_and_acknowledged()
    {
        var group = _fake.AddChat(-100, FakeChatType.Supergroup);
        await using var host = await AdapterHost.StartAsync(_fake);
        _fake.UserSays(group, Lan, "/ask what is Sora?");
        await _fake.WaitForMessagesAsync(group.Id);
        var botMessage = await WaitForBotMessageIdAsync(host, 1);

        var callback = _fake.PressButton(group, Minh, botMessage, "fb:-:a1");

        var ack = (await _fake.WaitForAsync(r => r.Is("answerCallbackQuery"))).ShouldHaveSingleItem();
        ack.Body["callback_query_id"]!.ToString().ShouldBe(callback);
        ack.Succeeded.ShouldBeTrue();
        ack.Body["text"]!.ToString().ShouldBe("Thanks for the feedback!");
        host.Engine.Feedback.ShouldHaveSingleItem().ShouldBe(("-100", "43", "a1", FeedbackVote.Down));
    }

    [Fact]
    public async Task A_group_that_becomes_a_supergroup_moves_its_history_and_answers_there()
    {
        var group = _fake.AddChat(-5, FakeChatType.Group);
        await using var host = await AdapterHost.StartAsync(_fake);

        _fake.MigrateToSupergroup(group, -1005);
        await WaitUntilAsync(() => !((RecordingAnswerStore)host.Get<IAnswerStore>()).Moves.IsEmpty);
        ((RecordingAnswerStore)host.Get<IAnswerStore>()).Moves.ShouldHaveSingleItem().ShouldBe(("-5", "-1005"));
        ((RecordingSettingsStore)host.Get<IChannelSettingsStore>()).Moves.ShouldHaveSingleItem().ShouldBe(("-5", "-1005"));

        // A question that reached the old id just before the move: Telegram answers 400 naming the new id.
        var stale = _fake.AddChat(-6, FakeChatType.Group);
        _fake.AddChat(-1006, FakeChatType.Supergroup);
        _fake.FailNext("sendMessage", new FakeTelegramFailure(400, "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatId: -1006), chatId: -6);
        _fake.UserSays(stale, Lan, "/ask still there?");

        (await _fake.WaitForMessagesAsync(-1006)).ShouldHaveSingleItem().Text!.ShouldContain("still there?");
        ((RecordingAnswerStore)host.Get<IAnswerStore>()).Moves.ShouldContain(("-6", "-1006"));
    }

    [Fact]
    public async Task Registers_separate_command_menus_for_private_chats_and_groups()
    {
        await using var host = await AdapterHost.StartAsync(_fake);

        await _fake.WaitForAsync(r => r.Is("setMyCommands") && r.Succeeded, count: 6);

        var menus = _fake.Commands;
        menus.Keys.ShouldBe(["all_private_chats/", "all_private_chats/vi", "all_group_chats/", "all_group_chats/vi", "all_chat_administrators/", "all_chat_administrators/vi"], ignoreOrder: true);
        menus["all_chat_administrators/"].Select(c => c!["command"]!.ToString()).ShouldBe(["ask", "sources", "help", "channel", "kb", "moderators"]);
        menus["all_group_chats/"].Select(c => c!["command"]!.ToString()).ShouldNotContain("channel");
        menus["all_private_chats/"].Select(c => c!["command"]!.ToString()).ShouldContain("start");
        menus["all_group_chats/"].Select(c => c!["command"]!.ToString()).ShouldNotContain("start");
    }

    [Fact]
    public async Task A_token_rejected_at_start_stops_the_start_with_a_clear_message()
    {
        _fake.RevokeToken();

        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => AdapterHost.StartAsync(_fake));

        error.Message.ShouldContain("Telegram:Token");
        error.Message.ShouldContain("401");
    }

    [Fact]
    public async Task A_token_revoked_while_running_stops_the_adapter_and_marks_it_not_ready()
    {
        var logs = new CollectingLoggerProvider();
        await using var host = await AdapterHost.StartAsync(_fake, logs: logs);
        await _fake.WaitForAsync(r => r.Is("getUpdates"));

        _fake.RevokeToken();
        _fake.SendPrivate(Lan, "wake the poller");

        var status = host.Get<TelegramStatus>();
        await WaitUntilAsync(() => status.State == TelegramState.Unauthorized);
        status.IsReady.ShouldBeFalse();
        var health = await host.Get<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync();
        health.Entries["telegram"].Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy);
        await WaitUntilAsync(() => logs.Lines.Any(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Critical && l.Text.Contains("401", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_conflict_on_getUpdates_is_explained_in_the_log_and_polling_goes_on()
    {
        var logs = new CollectingLoggerProvider();
        _fake.FailNext("getUpdates", FakeTelegramFailure.Conflict(), times: 2);
        await using var host = await AdapterHost.StartAsync(_fake, logs: logs);

        _fake.SendPrivate(Lan, "still answered?");

        await _fake.WaitForMessagesAsync(Lan.Id);
        logs.Lines.ShouldContain(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error
            && l.Text.Contains("409", StringComparison.Ordinal)
            && l.Text.Contains("webhook", StringComparison.Ordinal)
            && l.Text.Contains("second copy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_host_lets_an_answer_in_flight_finish()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeBotEngine { BeforeReply = (_, _) => release.Task };
        var host = await AdapterHost.StartAsync(_fake, engine: engine);
        _fake.SendPrivate(Lan, "answer me before you go");
        await WaitUntilAsync(() => !engine.Received.IsEmpty);

        var stoppingSignal = host.Get<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        var stopping = host.DisposeAsync().AsTask();
        await WaitUntilAsync(() => stoppingSignal.IsCancellationRequested);
        stopping.IsCompleted.ShouldBeFalse();
        release.SetResult();
        await stopping;

        _fake.SentTo(Lan.Id).ShouldHaveSingleItem().Text!.ShouldContain("answer me before you go");
    }

    [Fact]
    public async Task A_restart_mid_stream_neither_answers_twice_nor_skips()
    {
        var processed = new MemoryProcessedUpdateStore();
        var firstHost = await AdapterHost.StartAsync(_fake, processed: processed);
        for (var i = 1; i <= 3; i++)
        {
            _fake.SendPrivate(Lan, $"q{i}");
        }

        await _fake.WaitForMessagesAsync(Lan.Id, 3);
        for (var i = 4; i <= 6; i++)
        {
            _fake.SendPrivate(Lan, $"q{i}");
        }

        await firstHost.DisposeAsync();
        await using var secondHost = await AdapterHost.StartAsync(_fake, processed: processed);
        for (var i = 7; i <= 8; i++)
        {
            _fake.SendPrivate(Lan, $"q{i}");
        }

        await _fake.WaitForAsync(r => r.Is("sendMessage") && r.Succeeded && r.Text!.StartsWith("Answer: q8", StringComparison.Ordinal));
        var answered = _fake.SentTo(Lan.Id).Select(s => s.Text!.Split('\n')[0]).ToList();
        answered.ShouldBe(Enumerable.Range(1, 8).Select(i => $"Answer: q{i}"));
    }

    [Fact]
    public async Task An_update_delivered_twice_is_answered_once()
    {
        await using var host = await AdapterHost.StartAsync(_fake, s =>
        {
            s["Telegram:Mode"] = "Webhook";
            s["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook";
            s["Telegram:WebhookSecret"] = "secret";
        });
        await _fake.WaitForAsync(r => r.Is("setWebhook") && r.Succeeded);
        _fake.AddChat(Lan.Id, FakeChatType.Private);
        using var http = new HttpClient();

        // Telegram delivers again when it did not see our 200 in time: same update_id, same content.
        var update = PrivateUpdateJson(700, Lan.Id, "once");
        (await PostWebhookAsync(http, host, update)).ShouldBe(HttpStatusCode.OK);
        (await PostWebhookAsync(http, host, update)).ShouldBe(HttpStatusCode.OK);

        // A later message of the same chat is answered after everything before it (per-chat order), so once its answer
        // is out, a second answer to the duplicate would be out too. (A marker in another chat may be answered first.)
        (await PostWebhookAsync(http, host, PrivateUpdateJson(701, Lan.Id, "marker"))).ShouldBe(HttpStatusCode.OK);
        await _fake.WaitForAsync(r => r.Is("sendMessage") && r.Succeeded && r.Text!.StartsWith("Answer: marker", StringComparison.Ordinal));

        _fake.SentTo(Lan.Id).Select(s => s.Text!.Split('\n')[0]).ShouldBe(["Answer: once", "Answer: marker"]);
        host.Engine.Received.Count(m => m.Text == "once").ShouldBe(1);
    }

    private static async Task<HttpStatusCode> PostWebhookAsync(HttpClient http, AdapterHost host, string json)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, host.Url + "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        post.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "secret");
        using var response = await http.SendAsync(post);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_webhook_rejects_a_wrong_secret_and_answers_updates_posted_with_the_right_one()
    {
        await using var host = await AdapterHost.StartAsync(_fake, s =>
        {
            s["Telegram:Mode"] = "Webhook";
            s["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook";
            s["Telegram:WebhookSecret"] = "s3cret_token-1";
        });
        await _fake.WaitForAsync(r => r.Is("setWebhook") && r.Succeeded);
        _fake.WebhookSecret.ShouldBe("s3cret_token-1");
        _fake.RequestsFor("getUpdates").ShouldBeEmpty();

        _fake.AddChat(Lan.Id, FakeChatType.Private);
        var hook = host.Url + "/telegram/webhook";
        using var http = new HttpClient();
        var update = PrivateUpdateJson(5555, Lan.Id, "via webhook");

        using var wrong = new HttpRequestMessage(HttpMethod.Post, hook) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        wrong.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "nope");
        (await http.SendAsync(wrong)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var missing = new HttpRequestMessage(HttpMethod.Post, hook) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        (await http.SendAsync(missing)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var garbage = new HttpRequestMessage(HttpMethod.Post, hook) { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        garbage.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret_token-1");
        (await http.SendAsync(garbage)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var right = new HttpRequestMessage(HttpMethod.Post, hook) { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        right.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "s3cret_token-1");
        (await http.SendAsync(right)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _fake.WaitForMessagesAsync(Lan.Id)).ShouldHaveSingleItem().Text!.ShouldContain("Answer: via webhook");
    }

    [Fact]
    public async Task The_webhook_answers_503_when_its_queue_is_full_so_Telegram_redelivers()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new FakeBotEngine { BeforeReply = (_, ct) => release.Task.WaitAsync(ct) };
        await using var host = await AdapterHost.StartAsync(_fake, s =>
        {
            s["Telegram:Mode"] = "Webhook";
            s["Telegram:WebhookUrl"] = "https://bot.example.org/telegram/webhook";
            s["Telegram:WebhookSecret"] = "secret";
            s["Telegram:WebhookQueueCapacity"] = "1";
        }, engine);
        await _fake.WaitForAsync(r => r.Is("setWebhook") && r.Succeeded);

        var statuses = new List<HttpStatusCode>();
        using var http = new HttpClient();
        for (var i = 0; i < 4; i++)
        {
            _fake.AddChat(1000 + i, FakeChatType.Private);
            var json = PrivateUpdateJson(9000 + i, 1000 + i, "q" + i);
            using var post = new HttpRequestMessage(HttpMethod.Post, host.Url + "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            post.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "secret");
            statuses.Add((await http.SendAsync(post)).StatusCode);
            if (i == 0)
            {
                await WaitUntilAsync(() => !engine.Received.IsEmpty);
            }
        }

        statuses.ShouldContain(HttpStatusCode.ServiceUnavailable);
        statuses[0].ShouldBe(HttpStatusCode.OK);
        release.SetResult();
    }

    private static string PrivateUpdateJson(long updateId, long userId, string text) => new JsonObject
    {
        ["update_id"] = updateId,
        ["message"] = new JsonObject
        {
            ["message_id"] = 1,
            ["date"] = 1,
            ["chat"] = new JsonObject { ["id"] = userId, ["type"] = "private" },
            ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "U", ["language_code"] = "en" },
            ["text"] = text,
        },
    }.ToJsonString();

    private static async Task<int> WaitForBotMessageIdAsync(AdapterHost host, int count)
    {
        await WaitUntilAsync(() => host.Engine.Sent.Count >= count);
        return int.Parse(host.Engine.Sent.ElementAt(count - 1).BotMessageId, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Bounded wait for a condition the adapter reaches asynchronously (checked as events arrive, never timed).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TestBounds.Wait;
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
