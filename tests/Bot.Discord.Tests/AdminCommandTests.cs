using System.Numerics;
using System.Text.Json;
using Bot.Discord.Interactions;
using Bot.Discord.Model;

namespace Bot.Discord.Tests;

public class AdminCommandTests
{
    [Theory]
    [InlineData("8", true)]
    [InlineData("32", true)]
    [InlineData("1099511627808", true)] // 1 << 40 | 32
    [InlineData("1099511627776", false)] // 1 << 40 only
    [InlineData("2248473465835073", false)] // many bits, neither Administrator nor Manage Server
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData("-8", false)]
    [InlineData("not a number", false)]
    [InlineData(null, false)]
    public void Permission_strings_are_parsed_as_big_integers(string? permissions, bool admin) =>
        DiscordPermissions.IsChatAdmin(permissions).ShouldBe(admin);

    [Fact]
    public void Bits_past_64_do_not_hide_Manage_Server()
    {
        var bits = (BigInteger.One << 70) | (BigInteger.One << 40) | 32;
        DiscordPermissions.IsChatAdmin(bits.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeTrue();
        DiscordPermissions.IsChatAdmin(((BigInteger.One << 70) | 16).ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBeFalse();
    }

    [Fact]
    public void A_subcommand_interaction_yields_its_subcommand_options_member_permissions_and_roles()
    {
        using var doc = JsonDocument.Parse("""
            {"id":"1","token":"t","type":2,"guild_id":"5","channel_id":"6",
             "member":{"user":{"id":"7"},"permissions":"1099511627808","roles":["11","12"]},
             "data":{"name":"channel","options":[{"name":"mode","type":1,"options":[{"name":"mode","type":3,"value":"all"}]}]}}
            """);
        var interaction = DiscordInteraction.From(doc.RootElement)!;

        interaction.CommandName.ShouldBe("channel");
        interaction.Subcommand.ShouldBe("mode");
        interaction.Options["mode"].ShouldBe("all");
        interaction.MemberPermissions.ShouldBe("1099511627808");
        interaction.MemberRoles.ShouldBe(["11", "12"]);
        DiscordInteractionHandler.AdminArguments(interaction).ShouldBe("mode all");
    }

    [Theory]
    [InlineData("""{"name":"user","type":6,"value":"42"}""", "add discord:42")]
    [InlineData("""{"name":"role","type":8,"value":"789"}""", "add discord-role:789")]
    public void Moderator_targets_become_tags(string option, string expected)
    {
        using var doc = JsonDocument.Parse($$$"""
            {"id":"1","token":"t","type":2,"guild_id":"5","channel_id":"6","member":{"user":{"id":"7"},"permissions":"0"},
             "data":{"name":"moderators","options":[{"name":"add","type":1,"options":[{{{option}}}]}]}}
            """);
        DiscordInteractionHandler.AdminArguments(DiscordInteraction.From(doc.RootElement)!).ShouldBe(expected);
    }

    [Fact]
    public void The_dashboard_command_is_offered_to_every_member_in_guilds_and_direct_messages()
    {
        // Moderators need not hold Manage Server (a discord-role moderator): the bot checks the caller itself.
        var dashboard = DiscordCommandRegistrar.Desired(global: true).Single(c => c!["name"]!.GetValue<string>() == "dashboard")!;

        dashboard["default_member_permissions"].ShouldBeNull();
        dashboard["contexts"]!.AsArray().Select(n => n!.GetValue<int>()).ShouldBe([0, 1]);
        dashboard["options"].ShouldBeNull();
    }

    [Fact]
    public void Admin_command_groups_are_hidden_behind_Manage_Server_and_offered_in_guilds_only()
    {
        var commands = DiscordCommandRegistrar.Desired(global: true);
        foreach (var name in new[] { "channel", "kb", "moderators" })
        {
            var command = commands.Single(c => c!["name"]!.GetValue<string>() == name)!;
            command["default_member_permissions"]!.GetValue<string>().ShouldBe("32");
            command["contexts"]!.AsArray().Select(n => n!.GetValue<int>()).ShouldBe([0]);
            command["options"]!.AsArray().ShouldAllBe(o => o!["type"]!.GetValue<int>() == 1);
        }

        var channel = commands.Single(c => c!["name"]!.GetValue<string>() == "channel")!;
        channel["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>())
            .ShouldBe(["status", "enable", "disable", "mode", "language", "cooldown"]);

        // A registered set that lacks the permission gate is rewritten.
        var wanted = DiscordCommandRegistrar.Desired(global: true);
        var ungated = DiscordCommandRegistrar.Desired(global: true);
        ungated.Single(c => c!["name"]!.GetValue<string>() == "kb")!.AsObject().Remove("default_member_permissions");
        DiscordCommandRegistrar.Same(wanted, JsonDocument.Parse(ungated.ToJsonString()).RootElement, global: true).ShouldBeFalse();
        DiscordCommandRegistrar.Same(wanted, JsonDocument.Parse(wanted.ToJsonString()).RootElement, global: true).ShouldBeTrue();
    }
}
