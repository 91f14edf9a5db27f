using System.Net;
using System.Text.Json.Nodes;
using Bot.Discord.Model;
using Bot.Discord.Rest;
using Bot.Testing.FakeDiscord;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Tests;

/// <summary>The REST client against the fake server over real HTTP on loopback.</summary>
public sealed class RestClientTests : IAsyncLifetime
{
    private static readonly Snowflake Channel = Snowflake.Parse(FakeDiscordServer.ChannelA);
    private FakeDiscordServer _fake = null!;
    private ServiceProvider _services = null!;
    private readonly LogCapture _logs = new();

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscordServer.StartAsync();
        _services = Services(_fake.BotConfiguration());
    }

    private ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddDiscord(configuration);
        return services.BuildServiceProvider();
    }

    private DiscordRestClient Rest => _services.GetRequiredService<DiscordRestClient>();

    [Fact]
    public async Task Sends_the_bot_token_a_discord_user_agent_and_json()
    {
        var response = await Rest.CreateMessageAsync(Channel, new OutgoingMessage("hello"));

        response.IsSuccess.ShouldBeTrue();
        var request = _fake.Requests.Single(r => r.Path.EndsWith("/messages", StringComparison.Ordinal));
        request.Authorization.ShouldBe("Bot " + _fake.Options.Token);
        request.UserAgent!.ShouldMatch(@"^DiscordBot \(\S+, \S+\)$");
        request.ContentType!.ShouldStartWith("application/json");
        request.Json!["allowed_mentions"]!.ToJsonString().ShouldBe("""{"parse":[]}""");
        _logs.All.ShouldNotContain(_fake.Options.Token);
    }

    [Fact]
    public async Task Every_message_body_carries_empty_allowed_mentions_even_when_built_by_hand()
    {
        var route = new DiscordRoute(HttpMethod.Post, "/channels/{channel_id}/messages", $"channels/{Channel}/messages", Channel.ToString(), RouteKind.Message);
        var body = new JsonObject { ["content"] = "@everyone look", ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray("everyone", "users") } };

        var response = await Rest.SendAsync(route, body);

        response.IsSuccess.ShouldBeTrue();
        _fake.AllowedMentionsViolations.ShouldBe(0);
        _fake.Requests.Last().Json!["allowed_mentions"]!["parse"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Waits_out_route_429s_and_then_delivers()
    {
        _fake.ScriptRateLimit($"channels/{Channel}/messages", 3, 0.05);

        var response = await Rest.CreateMessageAsync(Channel, new OutgoingMessage("after the storm"));

        response.IsSuccess.ShouldBeTrue();
        _fake.Requests.Count(r => r.Path.EndsWith("/messages", StringComparison.Ordinal)).ShouldBe(4);
        _fake.BotMessages(Channel.ToString()).Single().Content.ShouldBe("after the storm");
    }

    [Fact]
    public async Task Follows_bucket_headers_so_a_burst_never_breaks_the_limit()
    {
        var sends = Enumerable.Range(0, 12).Select(i => Rest.CreateMessageAsync(Channel, new OutgoingMessage("burst " + i))).ToList();

        var responses = await Task.WhenAll(sends);

        responses.ShouldAllBe(r => r.IsSuccess);
        _fake.RateLimitViolations.ShouldBe(0);
        _fake.BotMessages(Channel.ToString()).Count.ShouldBe(12);
    }

    [Fact]
    public async Task Retries_server_errors()
    {
        _fake.ScriptError("messages", 2, 502, 0);

        var response = await Rest.CreateMessageAsync(Channel, new OutgoingMessage("eventually"));

        response.IsSuccess.ShouldBeTrue();
        _fake.Requests.Count(r => r.Status == 502).ShouldBe(2);
    }

    [Fact]
    public async Task Stops_sending_anything_after_a_401()
    {
        await using var services = Services(new Dictionary<string, string?>(_fake.BotConfiguration()) { ["Discord:Token"] = "wrong-token" });
        var rest = services.GetRequiredService<DiscordRestClient>();

        await Should.ThrowAsync<DiscordUnauthorizedException>(() => rest.GetGatewayBotAsync());
        var before = _fake.Requests.Count;
        await Should.ThrowAsync<DiscordUnauthorizedException>(() => rest.CreateMessageAsync(Channel, new OutgoingMessage("no")));

        _fake.Requests.Count.ShouldBe(before);
        _logs.All.ShouldContain("Discord:Token");
        _logs.All.ShouldNotContain("wrong-token");
    }

    [Fact]
    public async Task Leaves_a_channel_alone_for_a_while_after_a_missing_permission()
    {
        _fake.DenySend(Channel.ToString());

        var first = await Rest.CreateMessageAsync(Channel, new OutgoingMessage("denied"));
        var second = await Rest.TriggerTypingAsync(Channel);

        first.Status.ShouldBe(HttpStatusCode.Forbidden);
        first.ErrorCode.ShouldBe(50013);
        second.Skipped.ShouldBeTrue();
        _fake.Requests.Count(r => r.Path.StartsWith($"channels/{Channel}", StringComparison.Ordinal)).ShouldBe(1);
        _logs.All.ShouldContain("SEND_MESSAGES");
    }

    [Fact]
    public async Task Reads_gateway_url_shards_and_concurrency()
    {
        var response = await Rest.GetGatewayBotAsync();

        response.IsSuccess.ShouldBeTrue();
        response.Body!.Value.GetProperty("url").GetString().ShouldBe(_fake.GatewayUrl);
        response.Body!.Value.GetProperty("session_start_limit").GetProperty("max_concurrency").GetInt32().ShouldBe(1);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }
}
