using System.Text.Json.Nodes;
using Bot.Host.Tests.Telegram;
using Bot.Testing;
using Bot.Testing.FakeTelegram;

namespace Bot.Host.Tests.Admin;

/// <summary>Roles, channel settings and modes on Telegram: the real host and engine against the fake Bot API.</summary>
[Collection(TelegramEndToEndCollection.Name)]
public sealed class TelegramAdminEndToEndTests(KnowledgeCopy knowledge) : IClassFixture<KnowledgeCopy>, IAsyncLifetime
{
    private const string Question = "When did OpenAI release Sora 2?";
    private static readonly FakeUser Lan = new(42, "Lan", "en");
    private static readonly FakeUser Sam = new(43, "Sam", "en");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bot-admin-tg-" + Guid.NewGuid().ToString("N"));
    private FakeTelegramServer _fake = null!;

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
            // SQLite may hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    private Task<BotTestHost> StartAsync() =>
        BotTestHost.Create().WithTelegram(_fake).WithKnowledge(knowledge.Path).WithSqlite(StoragePath).StartAsync();

    private async Task<string> NextReplyAsync(long chatId, int count) => (await _fake.WaitForMessagesAsync(chatId, count))[count - 1].Text!;

    [Fact]
    public async Task An_admin_changes_a_setting_a_non_admin_cannot_and_the_setting_survives_a_restart()
    {
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        group.Admins.Add(Sam.Id);
        await using (var host = await StartAsync())
        {
            _fake.UserSays(group, Sam, "/channel mode commands");
            (await NextReplyAsync(group.Id, 1)).ShouldContain("mode: commands");

            _fake.UserSays(group, Lan, "/channel disable");
            (await NextReplyAsync(group.Id, 2)).ShouldContain("only this chat's admins");
        }

        await using (var restarted = await StartAsync())
        {
            _fake.UserSays(group, Lan, "/channel status");
            var status = await NextReplyAsync(group.Id, 3);
            status.ShouldContain("enabled");
            status.ShouldContain("mode: commands");
            status.ShouldContain("telegram:43");
        }
    }

    [Fact]
    public async Task Mode_all_warns_about_privacy_mode()
    {
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        group.Admins.Add(Sam.Id);
        await using var host = await StartAsync();

        _fake.UserSays(group, Sam, "/channel mode all");
        (await NextReplyAsync(group.Id, 1)).ShouldContain("privacy mode");
    }

    [Fact]
    public async Task An_anonymous_admin_posting_as_the_group_may_disable_it_and_then_the_group_is_quiet()
    {
        _fake.CanReadAllGroupMessages = true;
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        await using var host = await StartAsync();

        _fake.Inject(new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = 500,
                ["from"] = new JsonObject { ["id"] = 1087968824, ["is_bot"] = true, ["first_name"] = "Group", ["username"] = "GroupAnonymousBot" },
                ["sender_chat"] = new JsonObject { ["id"] = group.Id, ["type"] = "supergroup", ["title"] = "AI race" },
                ["chat"] = new JsonObject { ["id"] = group.Id, ["type"] = "supergroup", ["title"] = "AI race" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = "/channel disable",
                ["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = 8 }),
            },
        });
        (await NextReplyAsync(group.Id, 1)).ShouldContain("disabled");
        _fake.RequestsFor("getChatMember").ShouldBeEmpty();

        // Mentions are ignored; /ask gets the short notice (a reply deleted later), nothing else.
        _fake.UserSays(group, Lan, "@AiRaceBot " + Question);
        _fake.UserSays(group, Lan, "/ask " + Question);
        var notice = await NextReplyAsync(group.Id, 2);
        notice.ShouldContain("turned off in this channel");
        _fake.SentTo(group.Id).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Each_mode_decides_whether_to_answer_and_private_chats_are_answered()
    {
        _fake.CanReadAllGroupMessages = true;
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        group.Admins.Add(Sam.Id);
        await using var host = await StartAsync();

        // Default (mentions): plain questions are left alone, a mention is answered.
        _fake.UserSays(group, Lan, Question);
        _fake.UserSays(group, Lan, "@AiRaceBot " + Question);
        (await NextReplyAsync(group.Id, 1)).ShouldContain("Sora 2");
        _fake.SentTo(group.Id)[0].Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(2);

        // all: a question is answered without a mention; chatter is not.
        _fake.UserSays(group, Sam, "/channel mode all");
        await NextReplyAsync(group.Id, 2);
        _fake.UserSays(group, Lan, "good morning everyone");
        _fake.UserSays(group, Lan, Question);
        (await NextReplyAsync(group.Id, 3)).ShouldContain("Sora 2");
        _fake.SentTo(group.Id)[2].Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(7);

        // commands: a mention is ignored, /ask is answered.
        _fake.UserSays(group, Sam, "/channel mode commands");
        await NextReplyAsync(group.Id, 4);
        _fake.UserSays(group, Lan, "@AiRaceBot " + Question);
        _fake.UserSays(group, Lan, "/ask " + Question);
        (await NextReplyAsync(group.Id, 5)).ShouldContain("Sora 2");
        _fake.SentTo(group.Id)[4].Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(12);

        _fake.SendPrivate(Lan, Question);
        (await NextReplyAsync(Lan.Id, 1)).ShouldContain("Sora 2");
    }

    [Fact]
    public async Task A_chat_admin_sees_the_gaps_of_their_own_chat_only()
    {
        var groupA = _fake.AddChat(-100, FakeChatType.Supergroup, "A");
        var groupB = _fake.AddChat(-200, FakeChatType.Supergroup, "B");
        groupA.Admins.Add(Sam.Id);
        groupB.Admins.Add(Lan.Id);
        await using var host = await StartAsync();

        _fake.UserSays(groupA, Sam, "/ask How do I cook pho at home?");
        await NextReplyAsync(groupA.Id, 1);

        _fake.UserSays(groupB, Lan, "/kb gaps");
        var other = await NextReplyAsync(groupB.Id, 1);
        other.ShouldContain("No declined");
        other.ShouldNotContain("pho");

        _fake.UserSays(groupA, Sam, "/kb gaps");
        (await NextReplyAsync(groupA.Id, 2)).ShouldContain("1× How do I cook pho at home?");
    }
}
