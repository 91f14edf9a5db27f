using System.Text.Json.Nodes;

namespace Bot.Discord.Rest;

/// <summary>
/// A message the bot sends (channel message, interaction response data, follow-up or edit).
/// <c>allowed_mentions</c> is not a property: <see cref="AllowedMentions"/> writes <c>{"parse": []}</c> into every
/// message body the REST client sends.
/// </summary>
/// <remarks>https://discord.com/developers/docs/resources/message#create-message-jsonform-params</remarks>
internal sealed record OutgoingMessage(
    string? Content,
    JsonArray? Embeds = null,
    JsonArray? Components = null,
    string? ReplyToMessageId = null,
    int Flags = 0)
{
    public const int Ephemeral = 1 << 6;

    /// <summary>SUPPRESS_EMBEDS: no link preview for the message's links.</summary>
    public const int SuppressEmbeds = 1 << 2;

    public JsonObject ToJson()
    {
        var o = new JsonObject();
        if (Content is not null)
        {
            o["content"] = Content;
        }

        if (Embeds is not null)
        {
            o["embeds"] = Embeds.DeepClone();
        }

        if (Components is not null)
        {
            o["components"] = Components.DeepClone();
        }

        if (ReplyToMessageId is not null)
        {
            o["message_reference"] = new JsonObject { ["message_id"] = ReplyToMessageId, ["fail_if_not_exists"] = false };
        }

        if (Flags != 0)
        {
            o["flags"] = Flags;
        }

        AllowedMentions.Apply(o);
        return o;
    }
}

/// <summary>The one place that stops the bot from pinging anyone: every message body gets <c>parse: []</c>.</summary>
/// <remarks>https://discord.com/developers/docs/resources/message#allowed-mentions-object</remarks>
internal static class AllowedMentions
{
    public static void Apply(JsonObject messageBody) =>
        messageBody["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() };

    /// <summary>Applies to a request body according to its route kind.</summary>
    public static void Enforce(RouteKind kind, JsonObject? body)
    {
        switch (kind)
        {
            case RouteKind.Message when body is not null:
                Apply(body);
                break;
            case RouteKind.InteractionCallback when body is not null && body["type"]?.GetValue<int>() is 4 or 5 or 7:
                if (body["data"] is not JsonObject data)
                {
                    data = new JsonObject();
                    body["data"] = data;
                }

                Apply(data);
                break;
        }
    }
}
