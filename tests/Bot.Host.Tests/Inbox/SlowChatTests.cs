using Bot.Host.Tests.Discord;
using Bot.Host.Tests.Telegram;
using Bot.Testing;
using Bot.Testing.FakeDiscord;
using Bot.Testing.FakeOpenAi;
using Bot.Testing.FakeTelegram;

namespace Bot.Host.Tests.Inbox;

/// <summary>A slow model answer holds up only its own chat: the real host in model mode against the fake Bot API.</summary>
[Collection(TelegramEndToEndCollection.Name)]
public sealed class SlowChatTests : IAsyncLifetime
{
    private const string SlowQuestion = "OpenAI ra mắt Sora 2 khi nào?";
    private const string QuickQuestion = "When did OpenAI release Sora 2?";
    private FakeTelegramServer _telegram = null!;
    private FakeOpenAiServer _model = null!;

    public async Task InitializeAsync()
    {
        _telegram = await FakeTelegramServer.StartAsync();
        _model = await FakeOpenAiServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        await _telegram.DisposeAsync();
    }

    [Fact]
    public async Task Nine_quick_chats_are_answered_while_two_slow_answers_are_still_being_written()
    {
        var othersAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _model.Script = call => call.LastUser.Contains(SlowQuestion, StringComparison.Ordinal)
            ? FakeReply.FromFirstContextItem().Until(othersAnswered.Task)
            : FakeReply.FromFirstContextItem();
        await using var host = await BotTestHost.Create().WithTelegram(_telegram).WithModel(_model).With("Llm:TimeoutSeconds", "120").StartAsync();
        var slow = Enumerable.Range(0, 2).Select(i => new FakeUser(500 + i, "Slow" + i, "vi")).ToList();
        var quick = Enumerable.Range(0, 9).Select(i => new FakeUser(600 + i, "Quick" + i)).ToList();

        foreach (var user in slow)
        {
            _telegram.SendPrivate(user, SlowQuestion);
        }

        await WaitUntilAsync(() => _model.Held == slow.Count, "both slow answers are with the model");
        foreach (var user in quick)
        {
            _telegram.SendPrivate(user, QuickQuestion);
        }

        // If the quick chats waited for the slow ones, these time out: the model holds the slow answers until then.
        foreach (var user in quick)
        {
            (await _telegram.WaitForMessagesAsync(user.Id, 1, TimeSpan.FromSeconds(60))).ShouldHaveSingleItem().Text!.ShouldContain("Sora 2");
        }

        _telegram.SentTo(slow[0].Id).ShouldBeEmpty();
        othersAnswered.SetResult();
        foreach (var user in slow)
        {
            var reply = (await _telegram.WaitForMessagesAsync(user.Id, 1, TimeSpan.FromSeconds(60))).ShouldHaveSingleItem();
            reply.Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task A_group_told_to_wait_by_Telegram_holds_up_no_other_chat()
    {
        var group = _telegram.AddChat(-300, FakeChatType.Supergroup, "AI race");
        var quick = Enumerable.Range(0, 5).Select(i => new FakeUser(800 + i, "Quick" + i)).ToList();
        _telegram.FailNext("sendMessage", FakeTelegramFailure.TooManyRequests(30), chatId: group.Id);
        await using var host = await BotTestHost.Create().WithTelegram(_telegram).StartAsync();

        _telegram.UserSays(group, quick[0], "/ask " + QuickQuestion);
        await _telegram.WaitForAsync(r => r.Is("sendMessage") && r.Status == 429);
        foreach (var user in quick)
        {
            _telegram.SendPrivate(user, QuickQuestion);
        }

        // The group waits 30 s before its retry; the private chats do not wait with it.
        foreach (var user in quick)
        {
            (await _telegram.WaitForMessagesAsync(user.Id, 1, TimeSpan.FromSeconds(25))).ShouldHaveSingleItem();
        }

        _telegram.SentTo(group.Id).ShouldBeEmpty();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>Two messages in one Discord channel are answered in the order they were written, each replying to its own.</summary>
[Collection(DiscordHostCollection.Name)]
public sealed class DiscordChannelOrderTests : IAsyncLifetime
{
    private FakeDiscordServer _discord = null!;
    private FakeOpenAiServer _model = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { IdentifyWindow = TimeSpan.Zero });
        _model = await FakeOpenAiServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        await _discord.DisposeAsync();
    }

    [Fact]
    public async Task A_slow_first_answer_is_still_sent_before_the_quick_second_one()
    {
        // The first question's answer takes the model two seconds; the second's none.
        _model.Script = call => call.LastUser.Contains("Sora", StringComparison.Ordinal)
            ? FakeReply.FromFirstContextItem().After(TimeSpan.FromSeconds(2))
            : FakeReply.FromFirstContextItem();
        await using var host = await BotTestHost.Create().WithDiscord(_discord).WithModel(_model).StartAsync();
        await _discord.WaitForSessionsAsync(1);
        await _discord.WaitUntilAsync(() => host.Logs.All.Contains("ready as user", StringComparison.Ordinal));
        var bot = _discord.Options.BotUserId;

        var first = await _discord.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{bot}> When did OpenAI release Sora 2?", MentionBot: true));
        var second = await _discord.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{bot}> What are the Nvidia H20 export rules for China?", MentionBot: true));
        await _discord.WaitUntilAsync(() => _discord.BotMessages(FakeDiscordServer.ChannelA).Count(m => m.ReferencedMessageId is not null) >= 2, TimeSpan.FromSeconds(60));

        _discord.BotMessages(FakeDiscordServer.ChannelA).Where(m => m.ReferencedMessageId is not null).Select(m => m.ReferencedMessageId).ShouldBe([first, second]);
    }
}
