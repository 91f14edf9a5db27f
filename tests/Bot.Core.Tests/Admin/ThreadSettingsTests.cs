using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Admin;

/// <summary>One rule for a Discord thread: its own stored settings, falling back to its parent channel's.</summary>
public class ThreadSettingsTests
{
    private readonly InMemoryChannelSettingsStore _store = new();
    private readonly ChannelPolicy _policy;

    public ThreadSettingsTests() => _policy = new ChannelPolicy(Options.Create(new BotOptions()), _store, AdminTestKit.Clock());

    [Theory]
    [InlineData(MessageFlags.None)]
    [InlineData(MessageFlags.Mentioned)]
    public async Task A_thread_without_settings_of_its_own_follows_its_parent_channel(MessageFlags flags)
    {
        await _store.SaveAsync(Settings("parent", ChannelMode.Commands));

        var settings = await _policy.GetAsync(InThread(flags), default);

        settings.Mode.ShouldBe(ChannelMode.Commands);
    }

    [Theory]
    [InlineData(MessageFlags.None)]
    [InlineData(MessageFlags.Mentioned)]
    public async Task A_thread_with_settings_of_its_own_uses_them(MessageFlags flags)
    {
        await _store.SaveAsync(Settings("parent", ChannelMode.Commands));
        await _store.SaveAsync(Settings("thread", ChannelMode.All));

        var settings = await _policy.GetAsync(InThread(flags), default);

        settings.Mode.ShouldBe(ChannelMode.All);
    }

    [Fact]
    public async Task A_channel_command_in_a_thread_changes_that_thread_only()
    {
        await using var bot = AdminTestKit.Create(AdminTestKit.Clock());
        var store = bot.Services.GetRequiredService<IChannelSettingsStore>();

        var saved = await bot.Engine.HandleAsync(InThreadCommand("mode all"));

        AdminTestKit.Text(saved).ShouldContain("this thread's own settings");
        (await store.GetAsync("discord", "thread"))!.Mode.ShouldBe(ChannelMode.All);
        (await store.GetAsync("discord", "parent")).ShouldBeNull();

        // Mode all answers an unaddressed question in the thread; the parent channel still wants a mention.
        (await bot.Engine.HandleAsync(InThread(MessageFlags.None) with { Text = "When was Sora unveiled?" }))!.Kind.ShouldBe(ReplyKind.Answer);
        (await bot.Engine.HandleAsync(InThread(MessageFlags.None) with { Text = "When was Sora unveiled?", ThreadId = null })).ShouldBeNull();
    }

    [Fact]
    public async Task A_thread_without_settings_of_its_own_shows_and_follows_its_parents_changes()
    {
        await using var bot = AdminTestKit.Create(AdminTestKit.Clock());

        await bot.Engine.HandleAsync(InThreadCommand("disable") with { ThreadId = null });
        var status = AdminTestKit.Text(await bot.Engine.HandleAsync(InThreadCommand("status")));

        status.ShouldContain("disabled");
        status.ShouldContain("This thread follows its parent channel");
        (await bot.Engine.HandleAsync(InThread(MessageFlags.Mentioned))).ShouldBeNull();
    }

    [Fact]
    public async Task A_thread_with_its_own_cooldown_keeps_it_when_the_asker_also_writes_in_the_parent_channel()
    {
        await using var bot = AdminTestKit.Create(AdminTestKit.Clock());
        await bot.Engine.HandleAsync(InThreadCommand("cooldown 30") with { ThreadId = null });
        await bot.Engine.HandleAsync(InThreadCommand("cooldown 60"));
        var inThread = InThread(MessageFlags.Mentioned) with { Text = "When was Sora unveiled?" };

        (await bot.Engine.HandleAsync(inThread))!.Kind.ShouldBe(ReplyKind.Answer);
        (await bot.Engine.HandleAsync(inThread with { ThreadId = null }))!.Kind.ShouldBe(ReplyKind.Answer);
        var again = await bot.Engine.HandleAsync(inThread);

        again!.Kind.ShouldBe(ReplyKind.Info);
        AdminTestKit.Text(again).ShouldContain("60");
    }

    private static IncomingMessage InThreadCommand(string text) =>
        AdminTestKit.Group(text, "channel", platform: "discord", chat: "parent", admin: true, guild: "g") with { ThreadId = "thread" };

    private static IncomingMessage InThread(MessageFlags flags) =>
        new("discord", "parent", "u", "1", "what is sora?", ThreadId: "thread", Flags: flags, GuildId: "g");

    private static ChannelSettings Settings(string chat, ChannelMode mode) =>
        new("discord", chat, true, mode, null, 0, "admin", DateTimeOffset.UnixEpoch);
}
