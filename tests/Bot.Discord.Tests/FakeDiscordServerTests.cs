using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Testing.FakeDiscord;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests;

/// <summary>The fake is only useful if it is strict: these check that it refuses what Discord refuses.</summary>
public sealed class FakeDiscordServerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeDiscordServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { InteractionClock = _clock });

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, string json, bool auth = true, string userAgent = "DiscordBot (https://example.org, 1.0)")
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _fake.ApiBaseUrl + "/" + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (auth)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bot " + _fake.Options.Token);
        }

        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    [Theory]
    [InlineData("""{"content":"hi"}""", 50035)]
    [InlineData("""{"content":"hi","allowed_mentions":{"parse":["everyone"]}}""", 50035)]
    [InlineData("""{"content":"","allowed_mentions":{"parse":[]}}""", 50006)]
    public async Task Refuses_messages_that_could_ping_or_are_empty(string body, int code)
    {
        var (status, json) = await PostAsync($"channels/{FakeDiscordServer.ChannelA}/messages", body);

        status.ShouldBe(HttpStatusCode.BadRequest);
        json!["code"]!.GetValue<int>().ShouldBe(code);
    }

    [Fact]
    public async Task Refuses_content_over_2000_characters_a_missing_token_and_a_foreign_user_agent()
    {
        var tooLong = new JsonObject { ["content"] = new string('x', 2001), ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() } }.ToJsonString();

        (await PostAsync($"channels/{FakeDiscordServer.ChannelA}/messages", tooLong)).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await PostAsync($"channels/{FakeDiscordServer.ChannelA}/typing", "", auth: false)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync($"channels/{FakeDiscordServer.ChannelA}/typing", "", userAgent: "curl/8")).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_interaction_callback_after_three_seconds_is_unknown_and_a_second_one_is_refused()
    {
        var late = _fake.CreateHttpSlashCommand("ask", "late");
        var onTime = _fake.CreateHttpSlashCommand("ask", "on time");
        const string deferred = """{"type":5,"data":{"allowed_mentions":{"parse":[]}}}""";

        var first = await PostAsync($"interactions/{onTime.Id}/{onTime.Token}/callback", deferred, auth: false);
        var again = await PostAsync($"interactions/{onTime.Id}/{onTime.Token}/callback", deferred, auth: false);
        _clock.Advance(TimeSpan.FromSeconds(3.5));
        var tooLate = await PostAsync($"interactions/{late.Id}/{late.Token}/callback", deferred, auth: false);

        first.Status.ShouldBe(HttpStatusCode.NoContent);
        again.Body!["code"]!.GetValue<int>().ShouldBe(40060);
        tooLate.Body!["code"]!.GetValue<int>().ShouldBe(10062);
    }

    [Fact]
    public async Task Webhook_edits_stop_working_after_fifteen_minutes()
    {
        var interaction = _fake.CreateHttpSlashCommand("ask", "q");
        await PostAsync($"interactions/{interaction.Id}/{interaction.Token}/callback", """{"type":5}""", auth: false);
        const string edit = """{"content":"answer","allowed_mentions":{"parse":[]}}""";

        _clock.Advance(TimeSpan.FromMinutes(16));
        var followup = await PostAsync($"webhooks/{_fake.Options.ApplicationId}/{interaction.Token}", edit, auth: false);

        followup.Status.ShouldBe(HttpStatusCode.Unauthorized);
        followup.Body!["code"]!.GetValue<int>().ShouldBe(50027);
    }

    [Theory]
    [InlineData("?v=9&encoding=json", null, 4012)]
    [InlineData("?v=10&encoding=json", """{"op":3,"d":{}}""", 4003)]
    [InlineData("?v=10&encoding=json", "{broken", 4002)]
    [InlineData("?v=10&encoding=json", """{"op":2,"d":{"token":"wrong","intents":1,"properties":{"os":"l","browser":"b","device":"d"}}}""", 4004)]
    [InlineData("?v=10&encoding=json", """{"op":2,"d":{"token":"fake-bot-token.NEVER-LOG-ME.abc123","intents":32769,"properties":{"os":"l","browser":"b","device":"d"}}}""", 4014)]
    [InlineData("?v=10&encoding=json", """{"op":2,"d":{"token":"fake-bot-token.NEVER-LOG-ME.abc123","intents":1,"properties":{"os":"l","browser":"b","device":"d"},"shard":[2,2]}}""", 4010)]
    public async Task The_gateway_closes_with_discords_codes(string query, string? send, int expected)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(_fake.GatewayUrl + query), default);
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        if (send is not null)
        {
            await socket.ReceiveAsync(buffer, timeout.Token);
            await socket.SendAsync(Encoding.UTF8.GetBytes(send), WebSocketMessageType.Text, true, timeout.Token);
        }

        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
        }
        while (result.MessageType != WebSocketMessageType.Close);

        ((int?)result.CloseStatus).ShouldBe(expected);
    }
}
