using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Bot.Discord.Tests;

public sealed class ConfigurationTests
{
    private static DiscordOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddDiscord(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_on_with_a_token_and_use_the_three_unprivileged_intents()
    {
        var options = Resolve(new() { ["Discord:Token"] = "t" });

        options.Enabled.ShouldBeTrue();
        options.ApiBaseUrl.ShouldBe("https://discord.com/api/v10");
        options.Intents.ShouldBe(GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.DirectMessages);
        ((int)options.Intents).ShouldBe(4609);
        options.HttpInteractionsEnabled.ShouldBeFalse();
    }

    [Fact]
    public void The_documented_example_settings_are_valid_and_mean_the_defaults()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Bot.Testing.RepositoryPaths.Root, "appsettings.example.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Discord:Token"] = "t" })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddDiscord(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;

        options.Intents.ShouldBe(GatewayIntentsParser.Default);
        options.ShardCount.ShouldBeNull();
        options.ShardIds.ShouldBeEmpty();
        options.GatewayUrl.ShouldBeNullOrEmpty();
    }

    [Fact]
    public void Without_a_token_discord_is_off()
    {
        Resolve([]).Enabled.ShouldBeFalse();
    }

    [Theory]
    [InlineData("Guilds, GuildMessages, DirectMessages, MessageContent", 37377)]
    [InlineData("GUILDS|GUILD_MESSAGES", 513)]
    [InlineData("4609", 4609)]
    public void Intents_read_from_a_comma_separated_string(string value, int expected)
    {
        ((int)Resolve(new() { ["Discord:Token"] = "t", ["Discord:Intents"] = value }).Intents).ShouldBe(expected);
    }

    [Fact]
    public void Intents_and_shards_read_from_configuration_arrays()
    {
        var options = Resolve(new()
        {
            ["Discord:Token"] = "t",
            ["Discord:Intents:0"] = "Guilds",
            ["Discord:Intents:1"] = "DirectMessages",
            ["Discord:ShardCount"] = "4",
            ["Discord:ShardIds:0"] = "1",
            ["Discord:ShardIds:1"] = "3",
        });

        options.Intents.ShouldBe(GatewayIntents.Guilds | GatewayIntents.DirectMessages);
        options.ShardIds.ShouldBe([1, 3]);
    }

    [Theory]
    [InlineData("Discord:Intents", "Guilds, Telepathy", "Discord:Intents")]
    [InlineData("Discord:ApiBaseUrl", "not a url", "Discord:ApiBaseUrl")]
    [InlineData("Discord:GatewayUrl", "http://wrong.scheme", "Discord:GatewayUrl")]
    [InlineData("Discord:ApplicationId", "abc", "Discord:ApplicationId")]
    [InlineData("Discord:PublicKey", "xyz", "Discord:PublicKey")]
    [InlineData("Discord:PublicKey", "0200000000000000000000000000000000000000000000000000000000000000", "not a valid Ed25519 public key")]
    [InlineData("Discord:ShardIds", "0,5", "Discord:ShardIds")]
    public void Bad_values_fail_at_start_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Discord:Token"] = "t", ["Discord:ShardCount"] = "2", [key] = value };

        var error = Should.Throw<OptionsValidationException>(() => Resolve(settings));

        error.Message.ShouldContain(named);
    }

    [Fact]
    public void The_gateway_url_gets_version_and_encoding()
    {
        GatewayShard.WithQuery(new Uri("wss://gateway.discord.gg")).Query.ShouldBe("?v=10&encoding=json");
        GatewayShard.WithQuery(new Uri("ws://127.0.0.1:5000/gateway-resume?v=9")).ToString().ShouldBe("ws://127.0.0.1:5000/gateway-resume?v=10&encoding=json");
    }

    [Fact]
    public void An_ed25519_signature_over_timestamp_and_body_verifies_and_a_changed_body_does_not()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var publicKey = Convert.ToHexString(((Ed25519PublicKeyParameters)pair.Public).GetEncoded());
        var body = """{"type":1}"""u8.ToArray();
        var signer = new Ed25519Signer();
        signer.Init(true, pair.Private);
        var message = "1700000000"u8.ToArray().Concat(body).ToArray();
        signer.BlockUpdate(message, 0, message.Length);
        var signature = Convert.ToHexString(signer.GenerateSignature());

        HttpInteractionsEndpoint.Verify(publicKey, signature, "1700000000", body).ShouldBeTrue();
        HttpInteractionsEndpoint.Verify(publicKey, signature, "1700000001", body).ShouldBeFalse();
        HttpInteractionsEndpoint.Verify(publicKey, signature, "1700000000", """{"type":2}"""u8.ToArray()).ShouldBeFalse();
        HttpInteractionsEndpoint.Verify(publicKey, "zz", "1700000000", body).ShouldBeFalse();
        HttpInteractionsEndpoint.Verify(publicKey, signature, "", body).ShouldBeFalse();
    }

    [Fact]
    public void Registered_commands_equal_to_the_wanted_set_are_left_alone_and_a_changed_description_is_not()
    {
        var wanted = DiscordCommandRegistrar.Desired(global: true);
        var fromDiscord = System.Text.Json.JsonDocument.Parse(wanted.ToJsonString()).RootElement;
        var changed = DiscordCommandRegistrar.Desired(global: true);
        changed[1]!["description"] = "Old help text";
        var stale = System.Text.Json.JsonDocument.Parse(changed.ToJsonString()).RootElement;

        DiscordCommandRegistrar.Same(wanted, fromDiscord, global: true).ShouldBeTrue();
        DiscordCommandRegistrar.Same(wanted, stale, global: true).ShouldBeFalse();
        DiscordCommandRegistrar.Desired(global: false)[0]!["contexts"].ShouldBeNull();
    }
}
