using System.Globalization;

namespace Bot.Discord.Gateway;

/// <summary>https://discord.com/developers/docs/events/gateway#gateway-intents</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMembers = 1 << 1,
    GuildModeration = 1 << 2,
    GuildMessages = 1 << 9,
    GuildMessageReactions = 1 << 10,
    GuildMessageTyping = 1 << 11,
    DirectMessages = 1 << 12,
    DirectMessageReactions = 1 << 13,
    DirectMessageTyping = 1 << 14,
    MessageContent = 1 << 15,
}

internal static class GatewayIntentsParser
{
    public const GatewayIntents Default = GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.DirectMessages;

    /// <summary>Names (case-insensitive, with or without underscores) or one decimal bit mask; empty means the default.</summary>
    public static bool TryParse(IEnumerable<string> names, out GatewayIntents intents, out string? bad)
    {
        bad = null;
        intents = GatewayIntents.None;
        var any = false;
        foreach (var raw in names)
        {
            any = true;
            var name = raw.Replace("_", "", StringComparison.Ordinal);
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
            {
                intents |= (GatewayIntents)bits;
            }
            else if (Enum.TryParse<GatewayIntents>(name, ignoreCase: true, out var one) && Enum.IsDefined(one))
            {
                intents |= one;
            }
            else
            {
                bad = raw;
                return false;
            }
        }

        if (!any)
        {
            intents = Default;
        }

        return true;
    }
}
