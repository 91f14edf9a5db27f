using System.Text.Json.Nodes;

namespace Bot.Testing.FakeDiscord;

/// <summary>Settings of a <see cref="FakeDiscordServer"/>; every window and interval is adjustable so tests run fast.</summary>
public sealed class FakeDiscordOptions
{
    public string Token { get; set; } = "fake-bot-token.NEVER-LOG-ME.abc123";

    public string ApplicationId { get; set; } = "900000000000000001";

    public string BotUserId { get; set; } = "900000000000000002";

    public string BotUsername { get; set; } = "AiRaceBot";

    /// <summary>Hello's <c>heartbeat_interval</c> in milliseconds.</summary>
    public int HeartbeatIntervalMs { get; set; } = 41_250;

    /// <summary>What <c>GET /gateway/bot</c> recommends.</summary>
    public int RecommendedShards { get; set; } = 1;

    public int MaxConcurrency { get; set; } = 1;

    /// <summary>The shard count identifies must use (4010/4011 otherwise); null accepts any.</summary>
    public int? RequiredShardCount { get; set; }

    /// <summary>Privileged intents enabled "in the portal" (others get close code 4014).</summary>
    public int AllowedPrivilegedIntents { get; set; }

    /// <summary>Per-route bucket size and window for the rate-limit headers (and enforcement).</summary>
    public int BucketLimit { get; set; } = 5;

    public TimeSpan BucketWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The clock of interaction windows (3 s to respond, 15 min of token life). A FakeTimeProvider lets tests move it.</summary>
    public TimeProvider InteractionClock { get; set; } = TimeProvider.System;

    public TimeSpan InteractionResponseWindow { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan InteractionTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The identify window for <see cref="MaxConcurrency"/>.</summary>
    public TimeSpan IdentifyWindow { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>One HTTP request the fake received, as it was sent.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    string? Authorization,
    string? UserAgent,
    string? ContentType,
    string Body,
    int Status,
    DateTimeOffset At)
{
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}

/// <summary>A message stored by the fake (sent by a user or by the bot).</summary>
public sealed record FakeMessage(
    string Id,
    string ChannelId,
    string? GuildId,
    string AuthorId,
    bool AuthorIsBot,
    string Content,
    JsonArray Embeds,
    JsonArray Components,
    string? ReferencedMessageId,
    string? InteractionToken,
    DateTimeOffset At)
{
    public JsonObject ToJson(string botUserId, string botUsername, IReadOnlyDictionary<string, FakeMessage>? lookup = null)
    {
        var o = new JsonObject
        {
            ["id"] = Id,
            ["channel_id"] = ChannelId,
            ["author"] = new JsonObject { ["id"] = AuthorId, ["username"] = AuthorIsBot && AuthorId == botUserId ? botUsername : "user" + AuthorId[^4..], ["bot"] = AuthorIsBot },
            ["content"] = Content,
            ["embeds"] = Embeds.DeepClone(),
            ["components"] = Components.DeepClone(),
            ["mentions"] = new JsonArray(),
            ["type"] = ReferencedMessageId is null ? 0 : 19,
            ["timestamp"] = At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (GuildId is not null)
        {
            o["guild_id"] = GuildId;
        }

        if (ReferencedMessageId is not null)
        {
            o["message_reference"] = new JsonObject { ["message_id"] = ReferencedMessageId, ["channel_id"] = ChannelId };
            if (lookup is not null && lookup.TryGetValue(ReferencedMessageId, out var referenced))
            {
                o["referenced_message"] = referenced.ToJson(botUserId, botUsername);
            }
        }

        return o;
    }
}

/// <summary>A user message to inject as MESSAGE_CREATE.</summary>
public sealed record FakeUserMessage(
    string ChannelId,
    string Content,
    bool MentionBot = false,
    string? ReplyToMessageId = null,
    string AuthorId = "700000000000000001",
    bool AuthorIsBot = false,
    string? WebhookId = null);

/// <summary>An interaction the fake created (gateway or HTTP), with its response history.</summary>
public sealed class FakeInteraction
{
    public required string Id { get; init; }

    public required string Token { get; init; }

    public required string ChannelId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required JsonObject Payload { get; init; }

    public int? ResponseType { get; set; }

    public DateTimeOffset? RespondedAt { get; set; }

    public FakeMessage? Original { get; set; }

    public List<FakeMessage> Followups { get; } = [];
}

/// <summary>A channel known to the fake.</summary>
public sealed record FakeChannel(string Id, int Type, string? GuildId, string? ParentId)
{
    public JsonObject ToJson()
    {
        var o = new JsonObject { ["id"] = Id, ["type"] = Type, ["name"] = "channel-" + Id[^4..] };
        if (GuildId is not null)
        {
            o["guild_id"] = GuildId;
        }

        if (ParentId is not null)
        {
            o["parent_id"] = ParentId;
        }

        return o;
    }
}

/// <summary>One gateway connection as the fake saw it.</summary>
public sealed class FakeGatewayConnection
{
    public required string Path { get; init; }

    public required string Query { get; init; }

    public List<JsonObject> Received { get; } = [];

    public int? ShardId { get; set; }

    public string? SessionId { get; set; }

    public bool Identified { get; set; }

    public bool Resumed { get; set; }

    public int? ClosedWith { get; set; }

    internal object Gate { get; } = new();

    public IReadOnlyList<JsonObject> ReceivedSnapshot()
    {
        lock (Gate)
        {
            return [.. Received];
        }
    }
}
