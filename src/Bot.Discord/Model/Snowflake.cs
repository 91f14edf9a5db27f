using System.Globalization;
using System.Text.Json;

namespace Bot.Discord.Model;

/// <summary>A Discord id: an unsigned 64-bit number sent as a JSON string.</summary>
/// <remarks>https://discord.com/developers/docs/reference#snowflakes</remarks>
public readonly record struct Snowflake(ulong Value) : IComparable<Snowflake>
{
    private const long DiscordEpochMs = 1_420_070_400_000;

    public DateTimeOffset CreatedAt => DateTimeOffset.FromUnixTimeMilliseconds((long)(Value >> 22) + DiscordEpochMs);

    public int CompareTo(Snowflake other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(string? s, out Snowflake id)
    {
        if (ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            id = new Snowflake(v);
            return true;
        }

        id = default;
        return false;
    }

    public static Snowflake Parse(string s) => TryParse(s, out var id) ? id : throw new FormatException($"'{s}' is not a snowflake.");

    /// <summary>Reads a snowflake property (string or number); null when absent or malformed.</summary>
    internal static Snowflake? Read(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var e))
        {
            return null;
        }

        return e.ValueKind switch
        {
            JsonValueKind.String when TryParse(e.GetString(), out var id) => id,
            JsonValueKind.Number when e.TryGetUInt64(out var n) => new Snowflake(n),
            _ => null,
        };
    }

    public static bool operator <(Snowflake left, Snowflake right) => left.Value < right.Value;

    public static bool operator >(Snowflake left, Snowflake right) => left.Value > right.Value;

    public static bool operator <=(Snowflake left, Snowflake right) => left.Value <= right.Value;

    public static bool operator >=(Snowflake left, Snowflake right) => left.Value >= right.Value;
}
