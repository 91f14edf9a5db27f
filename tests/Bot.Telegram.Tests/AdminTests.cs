using System.Text.Json.Nodes;
using Bot.Core.Messages;
using Bot.Testing.FakeTelegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Tests;

/// <summary>Admin checks, moderator targets, privacy mode and only-the-asker notices on Telegram.</summary>
public sealed class AdminTests : IAsyncLifetime
{
    private static readonly FakeUser Lan = new(42, "Lan", "vi");
    private static readonly FakeUser Minh = new(43, "Minh", "en");
    private static readonly User Me = new() { Id = 777, IsBot = true, FirstName = "Bot", Username = "AiRaceBot", CanReadAllGroupMessages = false };
    private static readonly Chat Group = new() { Id = -100, Type = ChatType.Supergroup, Title = "AI" };
    private FakeTelegramServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private static Update GroupText(string text, User from, Message? replyTo = null, params MessageEntity[] entities) => new()
    {
        Id = 1,
        Message = new Message { Id = 10, Chat = Group, From = from, Text = text, Entities = entities, ReplyToMessage = replyTo },
    };

    /// <summary>
    /// Waits for matching requests while moving the fake clock on in small steps (the adapter paces group messages
    /// on the same clock). Bounded: at most <paramref name="steps"/> steps.
    /// </summary>
    private async Task<IReadOnlyList<FakeTelegramRequest>> AdvanceUntilAsync(FakeTimeProvider time, Func<FakeTelegramRequest, bool> match, int count = 1, TimeSpan? step = null, int steps = 400)
    {
        for (var i = 0; i < steps; i++)
        {
            var hits = _fake.Requests.Where(match).ToList();
            if (hits.Count >= count)
            {
                return hits;
            }

            time.Advance(step ?? TimeSpan.FromSeconds(1));
            try
            {
                await _fake.WaitForAsync(match, count, TimeSpan.FromMilliseconds(50));
            }
            catch (TimeoutException)
            {
                // Keep moving the clock.
            }
        }

        return await _fake.WaitForAsync(match, count);
    }

    private static Func<FakeTelegramRequest, bool> SentTo(long chatId) => r => r.Is("sendMessage") && r.Succeeded && r.ChatId == chatId;

    private static MessageEntity Command(int length) => new() { Type = MessageEntityType.BotCommand, Offset = 0, Length = length };

    [Fact]
    public void An_anonymous_admin_posting_as_the_group_counts_as_a_chat_admin()
    {
        var update = new Update
        {
            Id = 1,
            Message = new Message
            {
                Id = 10,
                Chat = Group,
                From = new User { Id = 1087968824, IsBot = true, FirstName = "Group", Username = "GroupAnonymousBot" },
                SenderChat = Group,
                Text = "/channel disable",
                Entities = [Command(8)],
            },
        };

        var mapped = TelegramUpdateMapper.Map(update, Me).ShouldBeOfType<QuestionUpdate>();
        mapped.Message.SenderIsChatAdmin.ShouldBe(true);
        mapped.Message.UserId.ShouldBe("-100");
        mapped.Message.Command.ShouldBe("channel");
        mapped.Message.Text.ShouldBe("disable");
    }

    [Fact]
    public void Privacy_mode_is_reported_so_mode_all_can_warn()
    {
        var mapped = TelegramUpdateMapper.Map(GroupText("/channel mode all", new User { Id = 43, FirstName = "Minh" }, entities: Command(8)), Me).ShouldBeOfType<QuestionUpdate>();
        mapped.Message.BotSeesAllMessages.ShouldBe(false);
        mapped.Message.SenderIsChatAdmin.ShouldBeNull();

        var open = new User { Id = 777, IsBot = true, FirstName = "Bot", Username = "AiRaceBot", CanReadAllGroupMessages = true };
        TelegramUpdateMapper.Map(GroupText("/channel mode all", new User { Id = 43, FirstName = "Minh" }, entities: Command(8)), open)
            .ShouldBeOfType<QuestionUpdate>().Message.BotSeesAllMessages.ShouldBe(true);
    }

    [Fact]
    public void Unaddressed_group_messages_are_passed_on_only_when_asked_and_marked_unaddressed()
    {
        var chatter = GroupText("what is Sora?", new User { Id = 43, FirstName = "Minh" });
        TelegramUpdateMapper.Map(chatter, Me).ShouldBeOfType<IgnoredUpdate>();
        var mapped = TelegramUpdateMapper.Map(chatter, Me, forwardGroupMessages: true).ShouldBeOfType<QuestionUpdate>();
        mapped.Addressed.ShouldBeFalse();
        mapped.Message.Flags.ShouldBe(MessageFlags.None);
    }

    [Fact]
    public void Moderators_add_names_the_replied_to_user_or_a_text_mention()
    {
        var owner = new User { Id = 1, FirstName = "Owner" };
        var target = new User { Id = 55, FirstName = "Hoa" };
        var reply = new Message { Id = 9, Chat = Group, From = target, Text = "hi" };
        TelegramUpdateMapper.Map(GroupText("/moderators add", owner, reply, Command(11)), Me)
            .ShouldBeOfType<QuestionUpdate>().Message.Text.ShouldBe("add telegram:55");

        var mention = new MessageEntity { Type = MessageEntityType.TextMention, Offset = 19, Length = 3, User = new User { Id = 66, FirstName = "Hoa" } };
        TelegramUpdateMapper.Map(GroupText("/moderators remove Hoa", owner, null, Command(11), mention), Me)
            .ShouldBeOfType<QuestionUpdate>().Message.Text.ShouldBe("remove telegram:66");

        // A plain @username cannot be resolved: the engine gets no target and answers with the usage.
        TelegramUpdateMapper.Map(GroupText("/moderators add @hoa", owner, null, Command(11)), Me)
            .ShouldBeOfType<QuestionUpdate>().Message.Text.ShouldBe("add");
    }

    [Fact]
    public async Task Admin_commands_ask_getChatMember_once_a_minute_per_user_and_other_commands_never()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        group.Admins.Add(43);
        await using var host = await AdapterHost.StartAsync(_fake, services: s => s.AddSingleton<TimeProvider>(time));

        _fake.UserSays(group, Minh, "/channel disable");
        _fake.UserSays(group, Lan, "/channel disable");
        _fake.UserSays(group, Minh, "/kb gaps");
        _fake.UserSays(group, Lan, "/ask what is Sora?");
        await AdvanceUntilAsync(time, SentTo(group.Id), 4);

        var received = host.Engine.Received.ToList();
        received.Select(m => m.SenderIsChatAdmin).ShouldBe([true, false, true, null]);
        _fake.RequestsFor("getChatMember").Count.ShouldBe(2);

        time.Advance(TimeSpan.FromSeconds(61));
        _fake.UserSays(group, Minh, "/channel status");
        await AdvanceUntilAsync(time, SentTo(group.Id), 5);
        _fake.RequestsFor("getChatMember").Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_notice_only_for_the_asker_is_deleted_from_a_group_after_a_minute_and_kept_in_private()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        await using var host = await AdapterHost.StartAsync(_fake, services: s => s.AddSingleton<TimeProvider>(time));
        host.Engine.Reply = m => FakeBotEngine.Answer("The bot is off here.") with { Kind = ReplyKind.Info, OnlyAsker = true };

        _fake.SendPrivate(Lan, "/ask what is Sora?");
        await _fake.WaitForMessagesAsync(Lan.Id);
        _fake.UserSays(group, Minh, "/ask what is Sora?");
        var notice = (await AdvanceUntilAsync(time, SentTo(group.Id), step: TimeSpan.FromMilliseconds(100))).ShouldHaveSingleItem();
        notice.Body["reply_markup"].ShouldBeNull();
        _fake.RequestsFor("deleteMessage").ShouldBeEmpty();

        // The deletion waits a minute on the injected clock.
        var deleted = await AdvanceUntilAsync(time, r => r.Is("deleteMessage"), step: TimeSpan.FromSeconds(5));
        deleted.ShouldHaveSingleItem().ChatId.ShouldBe(group.Id);
        deleted[0].Succeeded.ShouldBeTrue();
    }
}
