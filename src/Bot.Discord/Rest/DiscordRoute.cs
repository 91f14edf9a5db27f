namespace Bot.Discord.Rest;

/// <summary>What kind of payload a route carries, so message safety is applied in one place.</summary>
internal enum RouteKind
{
    Other,

    /// <summary>The body is a message (create, edit, webhook execute/edit).</summary>
    Message,

    /// <summary>The body is an interaction response whose <c>data</c> is a message.</summary>
    InteractionCallback,
}

/// <summary>
/// One REST call's route: the template (for rate-limit buckets), the concrete path, the major parameter
/// (channel, guild or webhook) and whether it is an interaction route (exempt from the global limit).
/// </summary>
/// <remarks>https://discord.com/developers/docs/topics/rate-limits</remarks>
internal sealed record DiscordRoute(
    HttpMethod Method,
    string Template,
    string Path,
    string Major,
    RouteKind Kind = RouteKind.Other,
    bool Interaction = false,
    string? Permission = null,
    string? ChannelId = null)
{
    /// <summary>The key Discord's buckets are learned under: method, template and major parameter.</summary>
    public string Key => $"{Method.Method} {Template} {Major}";

    public override string ToString() => $"{Method.Method} {Template}";
}
