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
    DiscordChannel? Channel = null,
    string? Subcommand = null,
    string? MemberPermissions = null,
    IReadOnlyList<string>? MemberRoles = null)
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
        string? subcommand = null;
        if (data is { } d)
        {
            var list = d.Arr("options").ToList();

            // A subcommand (type 1), possibly inside a subcommand group (type 2), carries the real options.
            while (list.Count == 1 && list[0].Int("type") is 1 or 2 && list[0].Str("name") is { } sub)
            {
                subcommand = subcommand is null ? sub : subcommand + " " + sub;
                list = [.. list[0].Arr("options")];
            }

            foreach (var o in list)
            {
                if (o.Str("name") is { } name && o.TryGetProperty("value", out var v))
                {
                    options[name] = v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.GetRawText();
                }
            }
        }

        var member = e.Obj("member");

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
            e.Obj("channel") is { } c ? DiscordChannel.From(c) : null,
            subcommand,
            member?.Str("permissions"),
            member is { } mem ? [.. mem.Arr("roles").Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)] : null);
    }
}

/// <summary>Discord permission bits the bot checks itself (never only trusting <c>default_member_permissions</c>).</summary>
/// <remarks>https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags</remarks>
internal static class DiscordPermissions
{
    public static readonly System.Numerics.BigInteger Administrator = 1 << 3;
    public static readonly System.Numerics.BigInteger ManageGuild = 1 << 5;

    /// <summary>
    /// True when the decimal permission string (a big integer: bits go past 64) has Administrator or Manage Server.
    /// </summary>
    public static bool IsChatAdmin(string? permissions) =>
        System.Numerics.BigInteger.TryParse(permissions, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits) &&
        (!(bits & Administrator).IsZero || !(bits & ManageGuild).IsZero);
}
