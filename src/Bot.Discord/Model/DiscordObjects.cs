using System.Text.Json;

namespace Bot.Discord.Model;

// Small records for the parts of Discord objects the bot uses, each parsed from a JsonElement.

/// <summary>https://discord.com/developers/docs/resources/user#user-object</summary>
internal sealed record DiscordUser(Snowflake Id, string? Username, bool IsBot)
{
    public static DiscordUser? From(JsonElement? e) =>
        e is { } u && Snowflake.Read(u, "id") is { } id ? new DiscordUser(id, u.Str("username"), u.Bool("bot")) : null;
}

/// <summary>https://discord.com/developers/docs/resources/message#message-object</summary>
internal sealed record DiscordMessage(
    Snowflake Id,
    Snowflake ChannelId,
    Snowflake? GuildId,
    DiscordUser? Author,
    Snowflake? WebhookId,
    string Content,
    IReadOnlyList<Snowflake> Mentions,
    int Type,
    Snowflake? ReferencedMessageId,
    DiscordUser? ReferencedAuthor)
{
    public static DiscordMessage? From(JsonElement e)
    {
        if (Snowflake.Read(e, "id") is not { } id || Snowflake.Read(e, "channel_id") is not { } channel)
        {
            return null;
        }

        var referenced = e.Obj("referenced_message");
        return new DiscordMessage(
            id,
            channel,
            Snowflake.Read(e, "guild_id"),
            DiscordUser.From(e.Obj("author")),
            Snowflake.Read(e, "webhook_id"),
            e.Str("content") ?? "",
            [.. e.Arr("mentions").Select(m => Snowflake.Read(m, "id")).OfType<Snowflake>()],
            e.Int("type") ?? 0,
            e.Obj("message_reference") is { } r ? Snowflake.Read(r, "message_id") : referenced is { } rm ? Snowflake.Read(rm, "id") : null,
            referenced is { } rmsg ? DiscordUser.From(rmsg.Obj("author")) : null);
    }
}

/// <summary>https://discord.com/developers/docs/resources/channel#channel-object (type 10/11/12 are threads).</summary>
internal sealed record DiscordChannel(Snowflake Id, int Type, Snowflake? ParentId, Snowflake? GuildId)
{
    public bool IsThread => Type is 10 or 11 or 12;

    public static DiscordChannel? From(JsonElement e) =>
        Snowflake.Read(e, "id") is { } id ? new DiscordChannel(id, e.Int("type") ?? 0, Snowflake.Read(e, "parent_id"), Snowflake.Read(e, "guild_id")) : null;
}

/// <summary>https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object</summary>
internal sealed record DiscordInteraction(
    Snowflake Id,
    Snowflake? ApplicationId,
    int Type,
    string Token,
    Snowflake? GuildId,
    Snowflake? ChannelId,
    DiscordUser? User,
    string? Locale,
    string? CommandName,
    IReadOnlyDictionary<string, string> Options,
    string? CustomId,
    Snowflake? MessageId,
    DiscordChannel? Channel = null)
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;

    public static DiscordInteraction? From(JsonElement e)
    {
        if (Snowflake.Read(e, "id") is not { } id || e.Str("token") is not { Length: > 0 } token || e.Int("type") is not { } type)
        {
            return null;
        }

        var data = e.Obj("data");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data is { } d)
        {
            foreach (var o in d.Arr("options"))
            {
                if (o.Str("name") is { } name && o.TryGetProperty("value", out var v))
                {
                    options[name] = v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText();
                }
            }
        }

        var user = DiscordUser.From(e.Obj("member")?.Obj("user")) ?? DiscordUser.From(e.Obj("user"));
        return new DiscordInteraction(
            id,
            Snowflake.Read(e, "application_id"),
            type,
            token,
            Snowflake.Read(e, "guild_id"),
            Snowflake.Read(e, "channel_id") ?? (e.Obj("channel") is { } ch ? Snowflake.Read(ch, "id") : null),
            user,
            e.Str("locale") ?? e.Str("guild_locale"),
            data?.Str("name"),
            options,
            data?.Str("custom_id"),
            e.Obj("message") is { } m ? Snowflake.Read(m, "id") : null,
            e.Obj("channel") is { } c ? DiscordChannel.From(c) : null);
    }
}
