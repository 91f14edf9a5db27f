using System.Text.Json.Nodes;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Discord.Tests.Support;
using Bot.Testing.FakeDiscord;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using CoreFlags = Bot.Core.Messages.MessageFlags;

namespace Bot.Discord.Tests;

/// <summary>The whole adapter (gateway, REST, handlers) against the fake server over real WebSocket and HTTP on loopback.</summary>
public sealed class AdapterTests : IAsyncLifetime
{
    private FakeDiscordServer _fake = null!;

    private string Bot => _fake.Options.BotUserId;

    public async Task InitializeAsync() => _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { IdentifyWindow = TimeSpan.Zero });

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private async Task<DiscordTestHost> StartAsync(IDictionary<string, string?>? extra = null, FakeEngine? engine = null)
    {
        var host = await DiscordTestHost.StartAsync(_fake, extra, engine);
        await _fake.WaitForSessionsAsync(1);

        // The fake has sent READY; wait until the bot has read it too, so its session is known.
        await _fake.WaitUntilAsync(() => host.Logs.All.Contains("ready as user", StringComparison.Ordinal));
        return host;
    }

    private static string LongAnswer(int paragraphs, int length) =>
        string.Join("\n\n", Enumerable.Range(1, paragraphs).Select(i => $"[{i:000}] " + new string((char)('a' + (i % 26)), length)));

    [Fact]
    public async Task A_mention_gets_a_cited_reply_that_references_it_and_pings_nobody()
    {
        await using var host = await StartAsync();

        var id = await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> When did Sora launch? @everyone <@&123456789012345678>", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1 && host.Engine.Sent.Count == 1);

        var question = host.Engine.Received.Single();
        question.Platform.ShouldBe("discord");
        question.Text.ShouldBe("When did Sora launch? @everyone <@&123456789012345678>");
        question.Flags.ShouldBe(CoreFlags.Mentioned);
        question.ChatId.ShouldBe(FakeDiscordServer.ChannelA);
        question.GuildId.ShouldBe(FakeDiscordServer.GuildId);
        question.MessageId.ShouldBe(id);
        var reply = _fake.BotMessages(FakeDiscordServer.ChannelA).Single();
        reply.ReferencedMessageId.ShouldBe(id);
        reply.Content.ShouldNotContain("@everyone");
        reply.Content.ShouldNotContain("<@&");
        reply.Content.ShouldContain("When did Sora launch?");
        reply.Embeds.ShouldBeEmpty();
        reply.Content.ShouldContain("**Sources:**\n**Sora and its rivals — Launch**, as of 1 Mar 2026: [OpenAI: Sora](<https://openai.com/sora>)");
        reply.Content.ShouldNotContain(".md");
        reply.Components.ToJsonString().ShouldContain("fb:up:ans123");
        _fake.AllowedMentionsViolations.ShouldBe(0);
        _fake.Requests.ShouldContain(r => r.Path == $"channels/{FakeDiscordServer.ChannelA}/typing");
        host.Engine.Sent.Single().BotMessageId.ShouldBe(reply.Id);
        host.Logs.All.ShouldNotContain(_fake.Options.Token);
    }

    [Fact]
    public async Task A_direct_message_is_answered_without_a_mention()
    {
        await using var host = await StartAsync();

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.DmChannelId, "what is DeepSeek?"));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.DmChannelId).Count == 1);

        var question = host.Engine.Received.Single();
        question.Flags.ShouldBe(CoreFlags.Private);
        question.GuildId.ShouldBeNull();
        question.Text.ShouldBe("what is DeepSeek?");
    }

    [Fact]
    public async Task Messages_from_bots_and_webhooks_are_ignored()
    {
        await using var host = await StartAsync();

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> from a bot", MentionBot: true, AuthorId: "700000000000000099", AuthorIsBot: true));
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> from a webhook", MentionBot: true, WebhookId: "700000000000000098"));
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> from a person", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1);

        host.Engine.Received.Select(m => m.Text).ShouldBe(["from a person"]);
    }

    [Fact]
    public async Task A_reply_to_an_answer_is_flagged_with_the_answer_it_replies_to()
    {
        await using var host = await StartAsync();
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> Sora?", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1);
        var answer = _fake.BotMessages(FakeDiscordServer.ChannelA).Single();

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, "and Kling?", ReplyToMessageId: answer.Id));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 2);

        var followUp = host.Engine.Received.Last();
        followUp.Flags.ShouldBe(CoreFlags.ReplyToBot);
        followUp.ReplyToMessageId.ShouldBe(answer.Id);
        followUp.Text.ShouldBe("and Kling?");
    }

    [Fact]
    public async Task A_question_in_a_thread_is_answered_in_the_thread_with_the_parent_as_chat()
    {
        await using var host = await StartAsync();

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ThreadId, $"<@{Bot}> export controls?", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ThreadId).Count == 1);

        var question = host.Engine.Received.Single();
        question.ChatId.ShouldBe(FakeDiscordServer.ChannelA);
        question.ThreadId.ShouldBe(FakeDiscordServer.ThreadId);
    }

    [Fact]
    public async Task A_thread_message_not_addressed_to_the_bot_also_counts_as_the_parent_channel_plus_the_thread()
    {
        _fake.Options.AllowedPrivilegedIntents = 1 << 15;
        var engine = new FakeEngine { Respond = _ => null };
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Discord:Intents"] = "Guilds, GuildMessages, DirectMessages, MessageContent" }, engine);

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ThreadId, "what about export controls?"));
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ThreadId, $"<@{Bot}> and Sora?", MentionBot: true));
        await _fake.WaitUntilAsync(() => host.Engine.Received.Count == 2);

        host.Engine.Received.Select(m => (m.ChatId, m.ThreadId)).ShouldAllBe(p => p.ChatId == FakeDiscordServer.ChannelA && p.ThreadId == FakeDiscordServer.ThreadId);
    }

    [Fact]
    public async Task A_long_answer_arrives_in_order_in_several_messages_within_limits()
    {
        var engine = new FakeEngine { Respond = _ => FakeEngine.Answer(LongAnswer(11, 490)) };
        await using var host = await StartAsync(engine: engine);

        var id = await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> tell me everything", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count >= 3 && host.Engine.Sent.Count >= 3);

        var parts = _fake.BotMessages(FakeDiscordServer.ChannelA);
        parts.Count.ShouldBe(3);
        parts.ShouldAllBe(p => p.Content.Length <= 2000);
        var numbers = parts.SelectMany(p => p.Content.Split("\n\n")).Where(p => p.StartsWith('[')).Select(p => int.Parse(p[1..4], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        numbers.ShouldBe(Enumerable.Range(1, 11).ToList());
        parts[0].ReferencedMessageId.ShouldBe(id);
        parts.Skip(1).ShouldAllBe(p => p.ReferencedMessageId == null);
        parts.Take(parts.Count - 1).ShouldAllBe(p => p.Embeds.Count == 0 && p.Components.Count == 0);
        parts[^1].Content.ShouldContain("**Sources:**");
        parts[^1].Components.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Slash_ask_is_deferred_then_edited_with_the_cited_answer_and_follow_ups()
    {
        var engine = new FakeEngine { Respond = m => FakeEngine.Answer(m.Text + "\n\n" + LongAnswer(6, 700)) };
        await using var host = await StartAsync(engine: engine);

        var interaction = await _fake.SendSlashCommandAsync("ask", "Who makes the H20 chip?");
        await _fake.WaitUntilAsync(() => interaction.Followups.Count >= 2 && host.Engine.Sent.Count >= 3);

        interaction.ResponseType.ShouldBe(5);
        interaction.Original!.Content.ShouldStartWith("Who makes the H20 chip?");
        interaction.Original.Content.Length.ShouldBeLessThanOrEqualTo(2000);
        interaction.Followups[^1].Content.ShouldContain("**Sources:**");
        interaction.Followups[^1].Components.ToJsonString().ShouldContain("fb:down:ans123");
        var question = host.Engine.Received.Single();
        question.Command.ShouldBe("ask");
        question.Text.ShouldBe("Who makes the H20 chip?");
        question.Locale.ShouldBe("en-US");
        question.MessageId.ShouldBe(interaction.Id);
        var callback = _fake.Requests.Single(r => r.Path.EndsWith("/callback", StringComparison.Ordinal));
        callback.Json!["data"]!["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
        _fake.AllowedMentionsViolations.ShouldBe(0);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("sources")]
    public async Task Help_and_sources_reach_the_engine_as_commands(string command)
    {
        var engine = new FakeEngine { Respond = _ => new BotReply(["Info text"], [], "en", ReplyKind.Info, "info1", []) };
        await using var host = await StartAsync(engine: engine);

        var interaction = await _fake.SendSlashCommandAsync(command, null);
        await _fake.WaitUntilAsync(() => interaction.Original is not null);

        host.Engine.Received.Single().Command.ShouldBe(command);
        interaction.Original!.Content.ShouldBe("Info text");
        interaction.Original.Components.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_feedback_button_is_acknowledged_and_recorded()
    {
        await using var host = await StartAsync();

        var press = await _fake.SendButtonPressAsync("fb:up:ans123", "800000000000009999");
        await _fake.WaitUntilAsync(() => press.ResponseType is not null);

        host.Engine.Feedback.Single().ShouldBe((FakeDiscordServer.ChannelA, "700000000000000001", "ans123", FeedbackVote.Up));
        press.ResponseType.ShouldBe(4);
        var body = _fake.Requests.Single(r => r.Path.EndsWith("/callback", StringComparison.Ordinal)).Json!;
        body["data"]!["flags"]!.GetValue<int>().ShouldBe(64);
    }

    [Fact]
    public async Task A_dropped_connection_is_resumed_at_the_resume_url_without_losing_an_event()
    {
        await using var host = await StartAsync();

        await _fake.DropConnectionsAsync();
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> sent while the bot was away", MentionBot: true));
        await _fake.WaitForSessionsAsync(identified: 1, resumed: 1);
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1);

        var resumed = _fake.Connections.Single(c => c.Resumed);
        resumed.Path.ShouldBe("/gateway-resume");
        resumed.Query.ShouldContain("v=10");
        resumed.Query.ShouldContain("encoding=json");
        _fake.Connections.Count(c => c.Identified).ShouldBe(1);
        host.Engine.Received.Select(m => m.Text).ShouldBe(["sent while the bot was away"]);

        await _fake.RequestReconnectAsync();
        await _fake.WaitForSessionsAsync(identified: 1, resumed: 2);
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> after op 7", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 2);
        host.Engine.Received.Count.ShouldBe(2);
        host.Logs.All.ShouldNotContain(_fake.Options.Token);
    }

    [Fact]
    public async Task Missing_heartbeat_acks_make_the_bot_reconnect_and_resume()
    {
        _fake.Options.HeartbeatIntervalMs = 250;
        await using var host = await StartAsync();

        _fake.AckHeartbeats = false;
        await _fake.WaitUntilAsync(() => _fake.Connections.Count >= 2);
        _fake.AckHeartbeats = true;
        await _fake.WaitForSessionsAsync(identified: 1, resumed: 1);

        var first = _fake.Connections[0];
        first.ClosedWith.ShouldNotBe(1000);
        first.ClosedWith.ShouldNotBe(1001);
        _fake.Connections.First(c => c.Resumed).Path.ShouldBe("/gateway-resume");
        var beats = first.ReceivedSnapshot().Where(p => p["op"]!.GetValue<int>() == 1).ToList();
        beats.ShouldNotBeEmpty();
        beats[^1]["d"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_rate_limit_storm_on_a_channel_delays_but_loses_nothing()
    {
        var engine = new FakeEngine { Respond = m => FakeEngine.Answer(m.Text + "\n\n" + LongAnswer(3, 900)) };
        await using var host = await StartAsync(engine: engine);
        _fake.ScriptRateLimit($"channels/{FakeDiscordServer.ChannelB}/messages", 8, 0.05);

        for (var i = 0; i < 4; i++)
        {
            await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelB, $"<@{Bot}> question {i}", MentionBot: true));
        }

        await _fake.WaitUntilAsync(() => host.Engine.Sent.Count == 8);
        var messages = _fake.BotMessages(FakeDiscordServer.ChannelB);
        messages.Count.ShouldBe(8);
        for (var i = 0; i < 4; i++)
        {
            messages.Count(m => m.Content.StartsWith($"question {i}", StringComparison.Ordinal)).ShouldBe(1);
        }

        _fake.Requests.Count(r => r.Status == 429).ShouldBe(8);
        _fake.RateLimitViolations.ShouldBe(0);
    }

    [Fact]
    public async Task Bad_gateway_payloads_and_huge_messages_do_not_stop_the_bot()
    {
        await using var host = await StartAsync();

        await _fake.SendRawAsync("{not json at all");
        await _fake.SendRawAsync("""{"op":0,"t":"SOMETHING_NEW","s":null,"d":{"weird":[1,2,{"x":null}]}}""");
        await _fake.SendRawAsync("""{"op":0,"t":"MESSAGE_CREATE","s":null,"d":{"id":"not-a-number"}}""");
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> " + new string('x', 200_000), MentionBot: true));
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelB, $"<@{Bot}> still alive?", MentionBot: true));

        // Another channel does not wait while the huge message's long reply is still being sent.
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelB).Any(m => m.Content.Contains("still alive?", StringComparison.Ordinal)));

        // Channels are handled side by side: the huge message may reach the engine after the other channel's answer.
        await _fake.WaitUntilAsync(() => host.Engine.Received.Any(m => m.Text.Length == 200_000));
        host.Engine.Received.ShouldContain(m => m.Text == "still alive?");
        _fake.Connections.Count(c => c.Identified).ShouldBe(1);
    }

    [Fact]
    public async Task A_channel_without_send_permission_is_left_alone_for_a_while()
    {
        var engine = new FakeEngine { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var host = await StartAsync(engine: engine);
        _fake.DenySend(FakeDiscordServer.ChannelB);

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelB, $"<@{Bot}> one", MentionBot: true));
        await _fake.WaitUntilAsync(() => host.Engine.Received.Count == 1 && host.Logs.All.Contains("missing permission SEND_MESSAGES", StringComparison.Ordinal));
        engine.Gate.SetResult();
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelB, $"<@{Bot}> two", MentionBot: true));
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> elsewhere", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1 && host.Engine.Received.Count == 3);

        _fake.Requests.Count(r => r.Path.StartsWith($"channels/{FakeDiscordServer.ChannelB}/", StringComparison.Ordinal)).ShouldBe(1);
        _fake.Requests.Single(r => r.Path.StartsWith($"channels/{FakeDiscordServer.ChannelB}/", StringComparison.Ordinal)).Status.ShouldBe(403);
    }

    [Fact]
    public async Task Commands_are_registered_once_and_only_when_they_differ()
    {
        var guild = new Dictionary<string, string?> { ["Discord:CommandGuildId"] = FakeDiscordServer.GuildId };
        await using (var first = await StartAsync(guild))
        {
            await _fake.WaitUntilAsync(() => _fake.CommandWrites == 1);
        }

        var gets = _fake.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/commands", StringComparison.Ordinal));
        await using var second = await DiscordTestHost.StartAsync(_fake, guild);
        await _fake.WaitUntilAsync(() => _fake.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/commands", StringComparison.Ordinal)) > gets);

        _fake.CommandWrites.ShouldBe(1);
        var commands = _fake.Commands(FakeDiscordServer.GuildId)!;
        commands.Select(c => c!["name"]!.GetValue<string>()).ShouldBe(["ask", "help", "sources", "dashboard", "channel", "kb", "moderators"]);
        commands[0]!["options"]![0]!["required"]!.GetValue<bool>().ShouldBeTrue();
        await _fake.WaitUntilAsync(() => second.Logs.All.Contains("up to date", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_shards_identify_separately_route_guild_events_and_only_shard_zero_registers()
    {
        await using var host = await DiscordTestHost.StartAsync(_fake, new Dictionary<string, string?> { ["Discord:ShardCount"] = "2" });
        await _fake.WaitForSessionsAsync(2);

        var shards = _fake.Connections.Where(c => c.Identified).Select(c => c.ShardId).Order().ToList();
        shards.ShouldBe([0, 1]);
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> sharded?", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1 && _fake.CommandWrites == 1);
        host.Engine.Received.Count.ShouldBe(1);
        var identifies = _fake.Connections.SelectMany(c => c.ReceivedSnapshot()).Where(p => p["op"]!.GetValue<int>() == 2).ToList();
        identifies.Select(p => p["d"]!["shard"]![1]!.GetValue<int>()).ShouldAllBe(count => count == 2);
    }

    [Fact]
    public async Task A_signed_http_interaction_is_answered_and_forged_or_unsigned_ones_get_401()
    {
        await using var host = await StartAsync();
        var endpoint = host.InteractionsEndpoint;

        using var pong = await _fake.PostSignedAsync(endpoint, """{"type":1,"id":"1","token":"t","application_id":"900000000000000001"}""");
        using var forged = await _fake.PostSignedAsync(endpoint, """{"type":1}""", forge: true);
        using var unsigned = await _fake.PostSignedAsync(endpoint, """{"type":1}""", omitHeaders: true);
        var interaction = _fake.CreateHttpSlashCommand("ask", "What is Kling?");
        using var ask = await _fake.PostSignedAsync(endpoint, interaction.Payload.ToJsonString());
        await _fake.WaitUntilAsync(() => interaction.Original is not null);

        pong.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        pong.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        (await pong.Content.ReadAsStringAsync()).ShouldBe("""{"type":1}""");
        forged.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        unsigned.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        ask.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        interaction.ResponseType.ShouldBe(5);
        interaction.Original!.Content.ShouldStartWith("Answer to: What is Kling?");
        host.Engine.Received.Single().Command.ShouldBe("ask");
    }

    [Fact]
    public async Task A_rejected_token_at_start_stops_the_host_with_a_clear_message()
    {
        try
        {
            await using var host = await DiscordTestHost.StartAsync(_fake, new Dictionary<string, string?> { ["Discord:Token"] = "not-the-right-token" });
            var lifetime = host.Get<IHostApplicationLifetime>();

            lifetime.ApplicationStopping.IsCancellationRequested.ShouldBeTrue();
            Environment.ExitCode.ShouldBe(1);
            host.Logs.All.ShouldContain("Discord:Token");
            host.Logs.All.ShouldNotContain("not-the-right-token");
            _fake.Connections.ShouldBeEmpty();
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Theory]
    [InlineData(false, "Discord:Token")]
    [InlineData(true, "developer portal")]
    public async Task A_fatal_gateway_close_stops_the_host_with_a_clear_message(bool askForMessageContent, string hint)
    {
        _fake.RejectTokenAtGateway = !askForMessageContent;
        var extra = askForMessageContent ? new Dictionary<string, string?> { ["Discord:Intents"] = "Guilds, GuildMessages, DirectMessages, MessageContent" } : null;
        try
        {
            await using var host = await DiscordTestHost.StartAsync(_fake, extra);
            var lifetime = host.Get<IHostApplicationLifetime>();
            var stopped = new TaskCompletionSource();
            using var registration = lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(20));

            Environment.ExitCode.ShouldBe(1);
            host.Logs.All.ShouldContain(hint);
            host.Logs.All.ShouldNotContain(_fake.Options.Token);
            _fake.Connections.Count.ShouldBe(1);
            _fake.Connections[0].ClosedWith.ShouldBe(askForMessageContent ? 4014 : 4004);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task Payloads_split_across_frames_are_read_whole()
    {
        _fake.FragmentFrames = true;
        await using var host = await StartAsync();

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> in three frames", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1);

        host.Engine.Received.Single().Text.ShouldBe("in three frames");
    }

    [Fact]
    public async Task A_reply_without_the_referenced_message_is_still_known_as_a_reply_to_the_bot()
    {
        _fake.OmitReferencedMessage = true;
        await using var host = await StartAsync();
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> first", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1 && host.Engine.Sent.Count == 1);

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, "and then?", ReplyToMessageId: _fake.BotMessages(FakeDiscordServer.ChannelA)[0].Id));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 2);

        host.Engine.Received.Last().Flags.ShouldBe(CoreFlags.ReplyToBot);
    }

    [Fact]
    public async Task The_typing_indicator_is_renewed_while_the_engine_works()
    {
        var engine = new FakeEngine { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var host = await StartAsync(engine: engine);

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> slow question", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.Requests.Count(r => r.Path.EndsWith("/typing", StringComparison.Ordinal)) >= 3);
        _fake.BotMessages(FakeDiscordServer.ChannelA).ShouldBeEmpty();
        engine.Gate.SetResult();
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1);

        var typing = _fake.Requests.Count(r => r.Path.EndsWith("/typing", StringComparison.Ordinal));
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelB, $"<@{Bot}> marker", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelB).Count == 1);
        _fake.Requests.Count(r => r.Path == $"channels/{FakeDiscordServer.ChannelA}/typing").ShouldBe(typing);
    }

    [Fact]
    public async Task Slash_commands_are_acknowledged_even_while_every_worker_is_busy()
    {
        var engine = new FakeEngine { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var host = await StartAsync(new Dictionary<string, string?> { ["Discord:Workers"] = "1" }, engine);

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> keeps the worker busy", MentionBot: true));
        await _fake.WaitUntilAsync(() => host.Engine.Received.Count == 1);
        var interaction = await _fake.SendSlashCommandAsync("ask", "quick one");
        await _fake.WaitUntilAsync(() => interaction.ResponseType is not null);

        interaction.ResponseType.ShouldBe(5);
        interaction.Original.ShouldBeNull();
        engine.Gate.SetResult();
        await _fake.WaitUntilAsync(() => interaction.Original is not null && _fake.BotMessages(FakeDiscordServer.ChannelA).Count == 1);
    }

    [Fact]
    public async Task A_signed_interaction_older_or_newer_than_five_minutes_gets_401_and_is_not_answered()
    {
        await using var host = await StartAsync();
        var stale = _fake.CreateHttpSlashCommand("ask", "What is Kling?");
        var future = _fake.CreateHttpSlashCommand("ask", "What is Vidu?");

        using var old = await _fake.PostSignedAsync(host.InteractionsEndpoint, stale.Payload.ToJsonString(), signedAt: DateTimeOffset.UtcNow.AddMinutes(-6));
        using var ahead = await _fake.PostSignedAsync(host.InteractionsEndpoint, future.Payload.ToJsonString(), signedAt: DateTimeOffset.UtcNow.AddMinutes(6));
        using var ping = await _fake.PostSignedAsync(host.InteractionsEndpoint, """{"type":1}""", signedAt: DateTimeOffset.UtcNow.AddDays(-1));
        using var recent = await _fake.PostSignedAsync(host.InteractionsEndpoint, """{"type":1}""", signedAt: DateTimeOffset.UtcNow.AddMinutes(-4));

        old.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        ahead.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        ping.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        recent.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        stale.ResponseType.ShouldBeNull();
        future.ResponseType.ShouldBeNull();
    }

    [Fact]
    public async Task An_http_interaction_whose_callback_is_refused_is_deferred_in_the_http_response_instead()
    {
        await using var host = await StartAsync();
        var interaction = _fake.CreateHttpSlashCommand("ask", "What is Hailuo?");
        _fake.ScriptError("/callback", 1, 404, 10062, "Unknown interaction");

        using var response = await _fake.PostSignedAsync(host.InteractionsEndpoint, interaction.Payload.ToJsonString());
        await _fake.WaitUntilAsync(() => interaction.Original is not null);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var inline = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        inline["type"]!.GetValue<int>().ShouldBe(5);
        inline["data"]!["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
        interaction.Original!.Content.ShouldStartWith("Answer to: What is Hailuo?\n\n**Sources:**\n");
    }

    [Fact]
    public async Task Without_overrides_the_gateway_url_and_shard_count_come_from_gateway_bot()
    {
        _fake.Options.RecommendedShards = 2;
        await using var host = await DiscordTestHost.StartAsync(_fake, new Dictionary<string, string?> { ["Discord:GatewayUrl"] = "" });

        await _fake.WaitForSessionsAsync(2);

        _fake.Requests.ShouldContain(r => r.Path == "gateway/bot");
        _fake.Connections.Where(c => c.Identified).Select(c => c.ShardId).Order().ShouldBe([0, 1]);
        _fake.Connections.ShouldAllBe(c => c.Path == "/gateway" && c.Query.Contains("v=10") && c.Query.Contains("encoding=json"));
    }

    [Fact]
    public async Task A_token_revoked_while_running_stops_the_host()
    {
        try
        {
            await using var host = await StartAsync();
            var stopped = new TaskCompletionSource();
            using var registration = host.Get<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopped.TrySetResult());
            _fake.ScriptError("/typing", 1, 401, 0, "401: Unauthorized");

            await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> still valid?", MentionBot: true));
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(20));

            Environment.ExitCode.ShouldBe(1);
            host.Logs.All.ShouldContain("Discord:Token");
            _fake.BotMessages(FakeDiscordServer.ChannelA).ShouldBeEmpty();
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }
}
