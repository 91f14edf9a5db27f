using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Core.Tests.Admin.AdminTestKit;

namespace Bot.Core.Tests.Admin;

public class ChannelModeTests
{
    private const string Question = "When was Sora unveiled?";

    [Theory]
    // mode, flags, command, text, expected answer
    [InlineData(ChannelMode.Mentions, MessageFlags.None, null, Question, false)]
    [InlineData(ChannelMode.Mentions, MessageFlags.Mentioned, null, Question, true)]
    [InlineData(ChannelMode.Mentions, MessageFlags.ReplyToBot, null, Question, true)]
    [InlineData(ChannelMode.Mentions, MessageFlags.None, "ask", Question, true)]
    [InlineData(ChannelMode.All, MessageFlags.None, null, Question, true)]
    [InlineData(ChannelMode.All, MessageFlags.None, null, "Good morning everyone", false)]
    [InlineData(ChannelMode.All, MessageFlags.None, null, "hi everyone 👋 anyone here??", false)]
    [InlineData(ChannelMode.All, MessageFlags.Mentioned, null, "hi everyone 👋 anyone here??", true)]
    [InlineData(ChannelMode.All, MessageFlags.Mentioned, null, "Sora launch date", true)]
    [InlineData(ChannelMode.Commands, MessageFlags.Mentioned, null, Question, false)]
    [InlineData(ChannelMode.Commands, MessageFlags.None, null, Question, false)]
    [InlineData(ChannelMode.Commands, MessageFlags.None, "ask", Question, true)]
    public async Task Each_mode_decides_whether_to_answer(ChannelMode mode, MessageFlags flags, string? command, string text, bool answers)
    {
        foreach (var platform in new[] { "telegram", "discord" })
        {
            await using var bot = Create(Clock());
            await bot.Services.GetRequiredService<IChannelSettingsStore>().SaveAsync(
                new ChannelSettings(platform, "-100", true, mode, null, 0, "telegram:1", null));
            var reply = await bot.Engine.HandleAsync(Group(text, command, flags, platform: platform));
            (reply is not null).ShouldBe(answers, $"{platform} {mode} {flags} {command}");
        }
    }

    [Fact]
    public async Task The_default_mode_comes_from_configuration()
    {
        await using var bot = Create(Clock(), new Dictionary<string, string?> { ["Bot:DefaultChannelMode"] = "all" });
        (await bot.Engine.HandleAsync(Group(Question))).ShouldNotBeNull();

        await using var mentions = Create(Clock());
        (await mentions.Engine.HandleAsync(Group(Question))).ShouldBeNull();
    }

    [Fact]
    public async Task Private_chats_are_answered_unless_turned_off()
    {
        await using var bot = Create(Clock());
        (await bot.Engine.HandleAsync(Group(Question, flags: MessageFlags.Private, chat: "42")))!.Kind.ShouldBe(ReplyKind.Answer);

        await using var off = Create(Clock(), new Dictionary<string, string?> { ["Bot:AllowPrivateChats"] = "false" });
        (await off.Engine.HandleAsync(Group(Question, flags: MessageFlags.Private, chat: "42"))).ShouldBeNull();
    }

    [Fact]
    public async Task A_disabled_channel_ignores_mentions_and_tells_only_the_asker_about_ask()
    {
        await using var bot = Create(Clock());
        await bot.Engine.HandleAsync(Group("disable", "channel", admin: true));

        (await bot.Engine.HandleAsync(Group(Question, flags: MessageFlags.Mentioned))).ShouldBeNull();
        var notice = await bot.Engine.HandleAsync(Group(Question, "ask"));
        notice.ShouldNotBeNull();
        notice.OnlyAsker.ShouldBeTrue();
        Text(notice).ShouldContain("turned off in this channel");

        // Admins can still turn it back on.
        await bot.Engine.HandleAsync(Group("enable", "channel", admin: true));
        (await bot.Engine.HandleAsync(Group(Question, flags: MessageFlags.Mentioned)))!.Kind.ShouldBe(ReplyKind.Answer);
    }

    [Fact]
    public async Task Places_outside_the_allow_lists_are_told_once_then_ignored()
    {
        await using var bot = Create(Clock(), new Dictionary<string, string?>
        {
            ["Bot:AllowedGuilds:0"] = "111",
            ["Bot:AllowedChats:0"] = "-100",
        });

        (await bot.Engine.HandleAsync(Group(Question, "ask", platform: "telegram", chat: "-100")))!.Kind.ShouldBe(ReplyKind.Answer);
        (await bot.Engine.HandleAsync(Group(Question, "ask", platform: "discord", chat: "9", guild: "111")))!.Kind.ShouldBe(ReplyKind.Answer);

        var first = await bot.Engine.HandleAsync(Group(Question, "ask", platform: "telegram", chat: "-200"));
        Text(first).ShouldContain("only works in the communities");
        (await bot.Engine.HandleAsync(Group(Question, "ask", platform: "telegram", chat: "-200"))).ShouldBeNull();

        var discord = await bot.Engine.HandleAsync(Group(Question, flags: MessageFlags.Mentioned, platform: "discord", chat: "9", guild: "222"));
        Text(discord).ShouldContain("only works in the communities");
        (await bot.Engine.HandleAsync(Group(Question, flags: MessageFlags.Mentioned, platform: "discord", chat: "9", guild: "222"))).ShouldBeNull();

        // DMs are not places on the list.
        (await bot.Engine.HandleAsync(Group(Question, flags: MessageFlags.Private, platform: "telegram", chat: "42")))!.Kind.ShouldBe(ReplyKind.Answer);
    }

    [Fact]
    public async Task Over_the_rate_limit_the_user_is_told_to_slow_down_once_per_window()
    {
        var time = Clock();
        await using var bot = Create(time, new Dictionary<string, string?> { ["Bot:RateLimit:PerUserPerMinute"] = "2" });
        (await bot.Engine.HandleAsync(Group(Question, "ask")))!.Kind.ShouldBe(ReplyKind.Answer);
        (await bot.Engine.HandleAsync(Group(Question, "ask")))!.Kind.ShouldBe(ReplyKind.Answer);

        var slow = await bot.Engine.HandleAsync(Group(Question, "ask"));
        Text(slow).ShouldContain("asking a bit fast");
        (await bot.Engine.HandleAsync(Group(Question, "ask"))).ShouldBeNull();

        time.Advance(TimeSpan.FromMinutes(1));
        (await bot.Engine.HandleAsync(Group(Question, "ask")))!.Kind.ShouldBe(ReplyKind.Answer);
    }

    [Fact]
    public async Task Greetings_said_to_the_bot_count_against_the_rate_limit_and_greetings_to_the_channel_do_not()
    {
        var time = Clock();
        await using var bot = Create(time, new Dictionary<string, string?> { ["Bot:RateLimit:PerUserPerMinute"] = "2" });
        await bot.Services.GetRequiredService<IChannelSettingsStore>().SaveAsync(
            new ChannelSettings("telegram", "-100", true, ChannelMode.All, null, 0, "telegram:1", null));

        // Said to the channel: no reply and no cost.
        (await bot.Engine.HandleAsync(Group("hi everyone 👋 anyone here??"))).ShouldBeNull();
        (await bot.Engine.HandleAsync(Group("hi everyone 👋 anyone here??"))).ShouldBeNull();

        // Said to the bot: the short prompt, within the limit.
        var prompt = Text(await bot.Engine.HandleAsync(Group("hi bot!", flags: MessageFlags.Mentioned)));
        Text(await bot.Engine.HandleAsync(Group("hi bot!", flags: MessageFlags.Mentioned))).ShouldBe(prompt);
        var third = await bot.Engine.HandleAsync(Group("hi bot!", flags: MessageFlags.Mentioned));
        Text(third).ShouldNotBe(prompt);
        Text(third).ShouldContain("60");
    }

    [Fact]
    public async Task The_channel_cooldown_applies_per_user()
    {
        var time = Clock();
        await using var bot = Create(time);
        await bot.Engine.HandleAsync(Group("cooldown 30", "channel", admin: true));
        (await bot.Engine.HandleAsync(Group(Question, "ask")))!.Kind.ShouldBe(ReplyKind.Answer);
        Text(await bot.Engine.HandleAsync(Group(Question, "ask"))).ShouldContain("30 seconds");
        (await bot.Engine.HandleAsync(Group(Question, "ask", user: "43")))!.Kind.ShouldBe(ReplyKind.Answer);
        time.Advance(TimeSpan.FromSeconds(30));
        (await bot.Engine.HandleAsync(Group(Question, "ask")))!.Kind.ShouldBe(ReplyKind.Answer);
    }
}
