using System.Text.RegularExpressions;
using Bot.Core.Dashboard;
using Bot.Host.Tests.Discord;
using Bot.Host.Tests.Telegram;
using Bot.Testing;
using Bot.Testing.FakeDiscord;
using Bot.Testing.FakeTelegram;

namespace Bot.Host.Tests.Dashboard;

/// <summary>
/// <c>/dashboard</c> through the fake Telegram server: who gets a sign-in link, where, and how it is sent.
/// </summary>
[Collection(TelegramEndToEndCollection.Name)]
public sealed partial class TelegramDashboardEndToEndTests(KnowledgeCopy knowledge) : IClassFixture<KnowledgeCopy>, IAsyncLifetime
{
    private static readonly FakeUser Moderator = new(42, "Lan", "en");
    private static readonly FakeUser Member = new(43, "Sam", "en");
    private FakeTelegramServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private Task<BotTestHost> StartAsync() =>
        BotTestHost.Create()
            .WithTelegram(_fake)
            .WithKnowledge(knowledge.Path)
            .With("Bot:ModeratorIds:0", "telegram:" + Moderator.Id)
            .With("Http:PublicUrl", DashboardLinkChecks.PublicUrl)
            .StartAsync();

    private async Task<FakeTelegramRequest> ReplyAsync(long chatId) => (await _fake.WaitForMessagesAsync(chatId))[0];

    [Fact]
    public async Task A_moderator_gets_a_single_use_link_in_a_private_chat_with_previews_off_and_the_token_is_never_logged()
    {
        await using var host = await StartAsync();

        _fake.SendPrivate(Moderator, "/dashboard");
        var reply = await ReplyAsync(Moderator.Id);

        var token = DashboardLinkChecks.Token(reply.Text);
        (reply.Body["link_preview_options"]?["is_disabled"]?.GetValue<bool>()).ShouldBe(true);
        (await host.Get<DashboardLinks>().RedeemAsync(token)).ShouldNotBeNull().UserTag.ShouldBe("telegram:42");
        host.Logs.All.ShouldNotContain(token);
        host.Logs.All.ShouldNotContain(DashboardLinks.SignInPath);
    }

    [Fact]
    public async Task A_member_who_is_not_a_moderator_gets_no_link()
    {
        await using var host = await StartAsync();

        _fake.SendPrivate(Member, "/dashboard");
        var reply = (await ReplyAsync(Member.Id)).Text ?? "";

        reply.ShouldContain("moderator");
        reply.ShouldNotContain(DashboardLinks.TokenParameter + "=");
        reply.ShouldNotContain(DashboardLinks.SignInPath);
    }

    [Fact]
    public async Task Dashboard_in_a_group_posts_no_link_and_says_to_ask_privately()
    {
        var group = _fake.AddChat(-100, FakeChatType.Supergroup, "AI race");
        await using var host = await StartAsync();

        _fake.UserSays(group, Moderator, "/dashboard");
        var replies = await _fake.WaitForAsync(r => r.Is("sendMessage"));

        (replies.Single().Text ?? "").ShouldContain("private chat");
        _fake.RequestsFor("sendMessage").ShouldAllBe(r => !r.Body.ToJsonString().Contains(DashboardLinks.SignInPath));
    }

    [Fact]
    public async Task Without_a_public_address_the_bot_says_the_dashboard_is_not_configured()
    {
        await using var host = await BotTestHost.Create()
            .WithTelegram(_fake)
            .WithKnowledge(knowledge.Path)
            .With("Bot:ModeratorIds:0", "telegram:" + Moderator.Id)
            .With("Http:PublicUrl", "")
            .With("Http:Urls", "")
            .StartAsync();

        _fake.SendPrivate(Moderator, "/dashboard");
        var reply = (await ReplyAsync(Moderator.Id)).Text ?? "";

        reply.ShouldContain("not configured");
        reply.ShouldNotContain(DashboardLinks.SignInPath);
    }
}

/// <summary><c>/dashboard</c> as a Discord slash command.</summary>
[Collection(DiscordHostCollection.Name)]
public sealed class DiscordDashboardEndToEndTests : IAsyncLifetime
{
    private const string ModeratorId = "700000000000000001";
    private FakeDiscordServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { IdentifyWindow = TimeSpan.Zero });

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [InlineData(FakeDiscordServer.ChannelA)]
    [InlineData(FakeDiscordServer.DmChannelId)]
    public async Task A_moderators_slash_dashboard_is_answered_ephemerally_with_embeds_suppressed(string channelId)
    {
        await using var host = await BotTestHost.Create()
            .WithDiscord(_fake)
            .With("Bot:ModeratorIds:0", "discord:" + ModeratorId)
            .With("Http:PublicUrl", DashboardLinkChecks.PublicUrl)
            .StartAsync();
        await _fake.WaitForSessionsAsync(1);
        await _fake.WaitUntilAsync(() => host.Logs.All.Contains("ready as user", StringComparison.Ordinal));

        var interaction = await _fake.SendSlashCommandAsync("dashboard", null, channelId, ModeratorId);
        await _fake.WaitUntilAsync(() => interaction.Original is not null || interaction.Followups.Count > 0);

        var deferral = _fake.Requests.Single(r => r.Path.Contains($"interactions/{interaction.Id}/", StringComparison.Ordinal));
        (deferral.Json!["data"]?["flags"]?.GetValue<int>() ?? 0).ShouldBe(64);
        var answer = _fake.Requests.Last(r => r.Method == "PATCH" && r.Path.Contains(interaction.Token, StringComparison.Ordinal));
        var flags = answer.Json!["flags"]!.GetValue<int>();
        (flags & (1 << 2)).ShouldBe(1 << 2, "SUPPRESS_EMBEDS");
        (flags & (1 << 6)).ShouldBe(1 << 6, "ephemeral");
        var token = DashboardLinkChecks.Token(answer.Json["content"]!.GetValue<string>());
        host.Logs.All.ShouldNotContain(token);
    }
}

/// <summary>What every sign-in link must look like.</summary>
internal static partial class DashboardLinkChecks
{
    /// <summary>A public address nothing listens on: links are made for it and never opened.</summary>
    public const string PublicUrl = "http://127.0.0.1:9/";

    /// <summary>
    /// The token of the one sign-in link in <paramref name="text"/>: in the query string (not the path) of a link on
    /// a loopback address, and at least 128 bits (base64url: 6 bits a character).
    /// </summary>
    public static string Token(string? text) => Parse(text).Token;

    /// <summary>The sign-in link in <paramref name="text"/>, checked as <see cref="Token"/> describes.</summary>
    public static Uri Link(string? text) => Parse(text).Link;

    private static (Uri Link, string Token) Parse(string? text)
    {
        var match = SignInLink().Match(text ?? "");
        match.Success.ShouldBeTrue($"no sign-in link in: {text}");
        var link = new Uri(match.Value);
        link.AbsolutePath.ShouldBe("/" + DashboardLinks.SignInPath);
        var token = match.Groups["token"].Value;
        link.Query.ShouldBe("?" + DashboardLinks.TokenParameter + "=" + token);
        (token.Length * 6).ShouldBeGreaterThanOrEqualTo(128);
        return (link, token);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/\S*token=(?<token>[A-Za-z0-9_-]+)")]
    private static partial Regex SignInLink();
}
