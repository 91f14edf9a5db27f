using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Core.Tests.Admin.AdminTestKit;

namespace Bot.Core.Tests.Admin;

public class ChannelCommandsTests
{
    [Fact]
    public async Task A_chat_admin_changes_a_setting_and_the_change_names_who_made_it()
    {
        var time = Clock();
        await using var bot = Create(time);
        var reply = await bot.Engine.HandleAsync(Group("mode commands", "channel", admin: true));

        Text(reply).ShouldContain("mode: commands");
        reply!.OnlyAsker.ShouldBeFalse();
        var stored = await bot.Services.GetRequiredService<IChannelSettingsStore>().GetAsync("telegram", "-100");
        stored.ShouldNotBeNull();
        stored.Mode.ShouldBe(ChannelMode.Commands);
        stored.UpdatedBy.ShouldBe("telegram:42");
        stored.UpdatedAt.ShouldBe(time.GetUtcNow());

        var status = await bot.Engine.HandleAsync(Group("status", "channel", admin: false));
        Text(status).ShouldContain("telegram:42");
    }

    [Fact]
    public async Task A_non_admin_gets_a_polite_refusal_and_nothing_changes()
    {
        await using var bot = Create(Clock());
        var reply = await bot.Engine.HandleAsync(Group("disable", "channel", admin: false));

        Text(reply).ShouldContain("only this chat's admins");
        reply!.OnlyAsker.ShouldBeTrue();
        (await bot.Services.GetRequiredService<IChannelSettingsStore>().GetAsync("telegram", "-100")).ShouldBeNull();

        // Unknown admin status counts as not an admin.
        var unknown = await bot.Engine.HandleAsync(Group("disable", "channel"));
        Text(unknown).ShouldContain("only this chat's admins");
    }

    [Fact]
    public async Task An_owner_may_change_any_channel()
    {
        await using var bot = Create(Clock(), new Dictionary<string, string?> { ["Bot:OwnerIds:0"] = "discord:7" });
        await bot.Engine.HandleAsync(Group("cooldown 20", "channel", platform: "discord", chat: "555", user: "7"));
        var stored = await bot.Services.GetRequiredService<IChannelSettingsStore>().GetAsync("discord", "555");
        stored!.CooldownSeconds.ShouldBe(20);
    }

    [Theory]
    [InlineData("telegram", "privacy mode")]
    [InlineData("discord", "Message Content")]
    public async Task Mode_all_warns_when_the_bot_cannot_see_every_message(string platform, string hint)
    {
        await using var bot = Create(Clock());
        var blind = await bot.Engine.HandleAsync(Group("mode all", "channel", platform: platform, admin: true, seesAll: false));
        Text(blind).ShouldContain(hint);

        var seeing = await bot.Engine.HandleAsync(Group("mode all", "channel", platform: platform, chat: "other", admin: true, seesAll: true));
        Text(seeing).ShouldContain("mode: all");
        Text(seeing).ShouldNotContain(hint);
    }

    [Theory]
    [InlineData("mode loud")]
    [InlineData("language fr")]
    [InlineData("cooldown -3")]
    [InlineData("cooldown many")]
    [InlineData("frobnicate")]
    public async Task Bad_arguments_get_the_usage_and_change_nothing(string args)
    {
        await using var bot = Create(Clock());
        var reply = await bot.Engine.HandleAsync(Group(args, "channel", admin: true));
        Text(reply).ShouldContain("Usage: /channel");
        (await bot.Services.GetRequiredService<IChannelSettingsStore>().GetAsync("telegram", "-100")).ShouldBeNull();
    }

    [Fact]
    public async Task The_channel_language_overrides_detection()
    {
        await using var bot = Create(Clock());
        await bot.Engine.HandleAsync(Group("language vi", "channel", admin: true));
        var reply = await bot.Engine.HandleAsync(Group("When was Sora unveiled?", "ask"));
        reply!.Language.ShouldBe("vi");
    }

    [Fact]
    public async Task Channel_commands_in_a_private_chat_explain_where_they_work()
    {
        await using var bot = Create(Clock());
        var reply = await bot.Engine.HandleAsync(Group("disable", "channel", flags: MessageFlags.Private, admin: true));
        Text(reply).ShouldContain("private chats are always answered");
    }
}
