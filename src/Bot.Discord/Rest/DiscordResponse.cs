using System.Net;
using System.Text.Json;
using Bot.Discord.Model;

namespace Bot.Discord.Rest;

/// <summary>The outcome of a REST call. Expected failures (403, 404, validation) are values, not exceptions.</summary>
internal sealed record DiscordResponse(HttpStatusCode Status, JsonElement? Body, int? ErrorCode, bool Skipped = false)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300 && !Skipped;

    public static DiscordResponse SkippedResponse { get; } = new(HttpStatusCode.Forbidden, null, null, Skipped: true);

    public Snowflake? Id => Body is { } b ? Snowflake.Read(b, "id") : null;
}

/// <summary>Discord rejected the token (HTTP 401 or gateway close 4004). Nothing more is sent.</summary>
public sealed class DiscordUnauthorizedException : Exception
{
    public DiscordUnauthorizedException()
        : this("Discord rejected the bot token (Discord:Token): 401 Unauthorized. Check the token in the developer portal.")
    {
    }

    public DiscordUnauthorizedException(string message)
        : base(message)
    {
    }

    public DiscordUnauthorizedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
