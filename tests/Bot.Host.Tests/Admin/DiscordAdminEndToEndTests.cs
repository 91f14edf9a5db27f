using System.Text.Json.Nodes;
using Bot.Host.Tests.Discord;
using Bot.Testing;
using Bot.Testing.FakeDiscord;

namespace Bot.Host.Tests.Admin;

/// <summary>Roles, channel settings and modes on Discord: the real host and engine against the fake Discord.</summary>
[Collection(DiscordHostCollection.Name)]
public sealed class DiscordAdminEndToEndTests : IAsyncLifetime
{
    private const string Question = "When did OpenAI first show off Sora?";

    // Manage Server (32) with a bit far above it (1 << 40): must parse as a big integer.
    private const string ManageServerAndHighBit = "1099511627808";

    // Many permissions, but neither Administrator (8) nor Manage Server (32).
    private const string NotAnAdmin = "2248473465835073";

    private readonly TempKnowledgeFolder _knowledge = TempKnowledgeFolder.CopyOf(RepositoryPaths.Knowledge);
    private FakeDiscordServer _fake = null!;
    private BotTestHost? _host;

    public async Task InitializeAsync() => _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { IdentifyWindow = TimeSpan.Zero, AllowedPrivilegedIntents = 1 << 15 });

    private async Task StartBotAsync(bool messageContent)
    {
        _host = await BotTestHost.Create()
            .WithDiscord(_fake)
            .WithKnowledge(_knowledge.Root)
            .WithHttp()
            .With("Discord:Intents", messageContent ? "Guilds,GuildMessages,DirectMessages,MessageContent" : "Guilds,GuildMessages,DirectMessages")
            .StartAsync();
        try
        {
            await _fake.WaitForSessionsAsync(1);
            await _fake.WaitUntilAsync(() => _host.Logs.All.Contains("ready as user", StringComparison.Ordinal));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("No gateway session; log: " + _host.Logs.All);
        }
    }

    private async Task<FakeInteraction> RunAsync(FakeInteraction interaction)
    {
        await _fake.WaitUntilAsync(() => interaction.Original is not null || interaction.Followups.Count > 0);
        return interaction;
    }

    private static string Text(FakeInteraction interaction) =>
        string.Join("\n", new[] { interaction.Original?.Content }.Concat(interaction.Followups.Select(f => f.Content)).OfType<string>());

    private int CallbackFlags(FakeInteraction interaction) =>
        _fake.Requests.Single(r => r.Path.Contains($"interactions/{interaction.Id}/", StringComparison.Ordinal)).Json!["data"]?["flags"]?.GetValue<int>() ?? 0;

    [Fact]
    public async Task An_admin_with_permission_bits_above_32_changes_a_setting_and_a_non_admin_cannot()
    {
        await StartBotAsync(messageContent: true);

        var change = await RunAsync(await _fake.SendSubcommandAsync("channel", "mode", [("mode", 3, JsonValue.Create("commands"))], permissions: ManageServerAndHighBit));
        Text(change).ShouldContain("mode: commands");
        CallbackFlags(change).ShouldBe(64);

        var refused = await RunAsync(await _fake.SendSubcommandAsync("channel", "disable", userId: "700000000000000002", permissions: NotAnAdmin));
        Text(refused).ShouldContain("only this chat's admins");

        var status = await RunAsync(await _fake.SendSubcommandAsync("channel", "status", userId: "700000000000000002", permissions: NotAnAdmin));
        Text(status).ShouldContain("enabled");
        Text(status).ShouldContain("mode: commands");
    }

    [Fact]
    public async Task Mode_all_answers_questions_without_a_mention_when_the_bot_can_read_them()
    {
        await StartBotAsync(messageContent: true);
        var change = await RunAsync(await _fake.SendSubcommandAsync("channel", "mode", [("mode", 3, JsonValue.Create("all"))], permissions: "8"));
        Text(change).ShouldNotContain("Message Content");

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, "good morning everyone"));
        var asked = await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, Question));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count >= 1);
        var reply = _fake.BotMessages(FakeDiscordServer.ChannelA).ShouldHaveSingleItem();
        reply.ReferencedMessageId.ShouldBe(asked);
        reply.Content.ShouldContain("Sora");
    }

    [Fact]
    public async Task Channel_commands_in_a_thread_change_the_thread_and_leave_its_parent_channel_alone()
    {
        await StartBotAsync(messageContent: true);

        var change = await RunAsync(await _fake.SendSubcommandAsync("channel", "mode", [("mode", 3, JsonValue.Create("all"))], channelId: FakeDiscordServer.ThreadId, permissions: "8"));
        Text(change).ShouldContain("this thread's own settings");
        var parent = await RunAsync(await _fake.SendSubcommandAsync("channel", "status", userId: "700000000000000002", permissions: NotAnAdmin));
        Text(parent).ShouldContain("mode: mentions");

        // Mode all in the thread: a plain question there is answered; the same in the parent channel is not.
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, Question));
        var asked = await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ThreadId, Question));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ThreadId).Count >= 1);
        _fake.BotMessages(FakeDiscordServer.ThreadId).ShouldHaveSingleItem().ReferencedMessageId.ShouldBe(asked);
        _fake.BotMessages(FakeDiscordServer.ChannelA).ShouldBeEmpty();
    }

    [Fact]
    public async Task Mode_all_warns_without_the_message_content_intent_and_mentions_mode_ignores_plain_questions()
    {
        await StartBotAsync(messageContent: false);
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, Question));
        var mention = await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{_fake.Options.BotUserId}> {Question}", MentionBot: true));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count >= 1);
        _fake.BotMessages(FakeDiscordServer.ChannelA).ShouldHaveSingleItem().ReferencedMessageId.ShouldBe(mention);

        var change = await RunAsync(await _fake.SendSubcommandAsync("channel", "mode", [("mode", 3, JsonValue.Create("all"))], permissions: ManageServerAndHighBit));
        Text(change).ShouldContain("Message Content Intent");
    }

    [Fact]
    public async Task A_disabled_channel_ignores_mentions_tells_only_the_asker_and_DMs_are_still_answered()
    {
        await StartBotAsync(messageContent: true);
        await RunAsync(await _fake.SendSubcommandAsync("channel", "disable", permissions: ManageServerAndHighBit));

        var ask = await _fake.SendSlashCommandAsync("ask", Question);
        await _fake.WaitUntilAsync(() => ask.Followups.Count >= 1);
        ask.Original.ShouldBeNull();
        ask.Followups.ShouldHaveSingleItem().Content.ShouldContain("turned off in this channel");
        _fake.Requests.Last(r => r.Method == "POST" && r.Path.Contains(ask.Token, StringComparison.Ordinal) && !r.Path.EndsWith("/callback", StringComparison.Ordinal))
            .Json!["flags"]!.GetValue<int>().ShouldBe(64);

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{_fake.Options.BotUserId}> {Question}", MentionBot: true));
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.DmChannelId, Question));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.DmChannelId).Count >= 1);
        _fake.BotMessages(FakeDiscordServer.DmChannelId)[0].Content.ShouldContain("Sora");
        _fake.BotMessages(FakeDiscordServer.ChannelA).ShouldBeEmpty();
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
}
