using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Bot.Discord.Gateway;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

/// <summary>
/// The <c>Discord</c> configuration section. Discord is on when <see cref="Token"/> is non-empty.
/// Lists (<c>Discord:Intents</c>, <c>Discord:ShardIds</c>) may be given as a configuration array or as one
/// comma-separated string; they are read by <see cref="DiscordOptionsSetup"/>.
/// </summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>The bot token (<c>Discord:Token</c>). Never logged.</summary>
    public string? Token { get; set; }

    /// <summary><c>Discord:ApplicationId</c>; read from READY when absent.</summary>
    public string? ApplicationId { get; set; }

    /// <summary><c>Discord:ApiBaseUrl</c>: the REST base, including the version segment.</summary>
    [Required(ErrorMessage = "Discord:ApiBaseUrl is required.")]
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary><c>Discord:GatewayUrl</c>: skips the URL from <c>GET /gateway/bot</c>; <c>ws://</c> allowed for tests.</summary>
    public string? GatewayUrl { get; set; }

    /// <summary><c>Discord:ShardCount</c>; default: what <c>GET /gateway/bot</c> recommends.</summary>
    [Range(1, 65535, ErrorMessage = "Discord:ShardCount must be between 1 and 65535.")]
    public int? ShardCount { get; set; }

    /// <summary><c>Discord:CommandGuildId</c>: register commands on one guild (instant) instead of globally.</summary>
    public string? CommandGuildId { get; set; }

    /// <summary><c>Discord:PublicKey</c>: the application's hex Ed25519 key, for <c>POST /discord/interactions</c>.</summary>
    public string? PublicKey { get; set; }

    /// <summary><c>Discord:RegisterCommands</c>: set false to leave the application's commands alone.</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary><c>Discord:ProjectUrl</c>: the URL in the <c>DiscordBot (url, version)</c> User-Agent.</summary>
    [Required(ErrorMessage = "Discord:ProjectUrl is required.")]
    public string ProjectUrl { get; set; } = "https://github.com/ai-race-community-bot/bot";

    /// <summary><c>Discord:TypingIntervalSeconds</c>: how often the typing indicator is renewed while answering.</summary>
    [Range(1, 9, ErrorMessage = "Discord:TypingIntervalSeconds must be between 1 and 9.")]
    public double TypingIntervalSeconds { get; set; } = 8;

    /// <summary><c>Discord:Workers</c>: how many events are handled at once.</summary>
    [Range(1, 256, ErrorMessage = "Discord:Workers must be between 1 and 256.")]
    public int Workers { get; set; } = 16;

    /// <summary><c>Discord:GlobalRequestsPerSecond</c>: the global REST limit (interaction routes are exempt).</summary>
    [Range(1, 10_000, ErrorMessage = "Discord:GlobalRequestsPerSecond must be between 1 and 10000.")]
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary><c>Discord:MaxRetries</c>: attempts after a 429 or a 5xx before a request is given up.</summary>
    [Range(0, 100, ErrorMessage = "Discord:MaxRetries must be between 0 and 100.")]
    public int MaxRetries { get; set; } = 8;

    /// <summary><c>Discord:PermissionBackoffMinutes</c>: how long a channel is left alone after a 403.</summary>
    [Range(0, 1440, ErrorMessage = "Discord:PermissionBackoffMinutes must be between 0 and 1440.")]
    public double PermissionBackoffMinutes { get; set; } = 10;

    /// <summary><c>Discord:ReconnectBaseDelaySeconds</c>: the first wait before reconnecting after a failed connection (doubles, with jitter).</summary>
    [Range(0, 600, ErrorMessage = "Discord:ReconnectBaseDelaySeconds must be between 0 and 600.")]
    public double ReconnectBaseDelaySeconds { get; set; } = 1;

    /// <summary><c>Discord:ReconnectMaxDelaySeconds</c>: the longest wait between reconnection attempts.</summary>
    [Range(0, 3600, ErrorMessage = "Discord:ReconnectMaxDelaySeconds must be between 0 and 3600.")]
    public double ReconnectMaxDelaySeconds { get; set; } = 60;

    /// <summary><c>Discord:InvalidSessionMinDelaySeconds</c>/<c>MaxDelaySeconds</c>: the random wait before identifying again after op 9 (Discord asks for 1–5 s).</summary>
    [Range(0, 60, ErrorMessage = "Discord:InvalidSessionMinDelaySeconds must be between 0 and 60.")]
    public double InvalidSessionMinDelaySeconds { get; set; } = 1;

    [Range(0, 60, ErrorMessage = "Discord:InvalidSessionMaxDelaySeconds must be between 0 and 60.")]
    public double InvalidSessionMaxDelaySeconds { get; set; } = 5;

    /// <summary><c>Discord:IdentifyWindowSeconds</c>: at most <c>max_concurrency</c> identifies per this window.</summary>
    [Range(0, 60, ErrorMessage = "Discord:IdentifyWindowSeconds must be between 0 and 60.")]
    public double IdentifyWindowSeconds { get; set; } = 5;

    /// <summary>Intent names from <c>Discord:Intents</c> (filled by <see cref="DiscordOptionsSetup"/>).</summary>
    public IList<string> IntentNames { get; } = [];

    /// <summary>Shard ids from <c>Discord:ShardIds</c> (filled by <see cref="DiscordOptionsSetup"/>); empty = all.</summary>
    public IList<string> ShardIdValues { get; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    /// <summary>The HTTP interactions endpoint answers when a public key is configured.</summary>
    public bool HttpInteractionsEnabled => !string.IsNullOrWhiteSpace(PublicKey);

    internal GatewayIntents Intents => GatewayIntentsParser.TryParse(IntentNames, out var intents, out _)
        ? intents
        : GatewayIntentsParser.Default;

    internal IReadOnlyList<int> ShardIds => [.. ShardIdValues.Select(v => int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture))];

    internal Uri ApiBase => new(ApiBaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
}

/// <summary>Reads the list-valued keys, which may be arrays or comma-separated strings.</summary>
internal sealed class DiscordOptionsSetup(IConfiguration configuration) : IConfigureOptions<DiscordOptions>
{
    public void Configure(DiscordOptions options)
    {
        var section = configuration.GetSection(DiscordOptions.SectionName);
        Fill(options.IntentNames, section.GetSection("Intents"));
        Fill(options.ShardIdValues, section.GetSection("ShardIds"));
    }

    private static void Fill(IList<string> target, IConfigurationSection section)
    {
        var values = section.Value is { } single
            ? single.Split([',', '|', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value?.Trim()).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();
        if (values.Length == 0 && section.Value is null && !section.GetChildren().Any())
        {
            return;
        }

        target.Clear();
        foreach (var v in values)
        {
            target.Add(v);
        }
    }
}

/// <summary>Rules spanning several keys; every error names the key.</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttp && api.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("Discord:ApiBaseUrl must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.GatewayUrl)
            && (!Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out var gw) || (gw.Scheme != "ws" && gw.Scheme != "wss")))
        {
            errors.Add("Discord:GatewayUrl must be an absolute ws:// or wss:// URL.");
        }

        if (!GatewayIntentsParser.TryParse(options.IntentNames, out _, out var badIntent))
        {
            errors.Add($"Discord:Intents has an unknown intent '{badIntent}' (known: {string.Join(", ", Enum.GetNames<GatewayIntents>())}).");
        }

        CheckSnowflake(options.ApplicationId, "Discord:ApplicationId", errors);
        CheckSnowflake(options.CommandGuildId, "Discord:CommandGuildId", errors);

        var ids = new List<int>();
        foreach (var v in options.ShardIdValues)
        {
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                errors.Add($"Discord:ShardIds has '{v}', which is not a shard number.");
            }
            else
            {
                ids.Add(id);
            }
        }

        if (ids.Count > 0 && options.ShardCount is null)
        {
            errors.Add("Discord:ShardIds needs Discord:ShardCount.");
        }
        else if (options.ShardCount is { } count && ids.Any(i => i >= count))
        {
            errors.Add($"Discord:ShardIds must be below Discord:ShardCount ({count}).");
        }

        if (ids.Count != ids.Distinct().Count())
        {
            errors.Add("Discord:ShardIds lists a shard twice.");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicKey) && !IsHex(options.PublicKey.Trim(), 64))
        {
            errors.Add("Discord:PublicKey must be the application's 64-character hex public key.");
        }
        else if (!string.IsNullOrWhiteSpace(options.PublicKey) && !Interactions.HttpInteractionsEndpoint.IsValidPublicKey(options.PublicKey.Trim()))
        {
            errors.Add("Discord:PublicKey is 64 hex digits but not a valid Ed25519 public key: copy the application's public key from the developer portal.");
        }

        if (options.Enabled && options.Token!.Trim().Any(char.IsWhiteSpace))
        {
            errors.Add("Discord:Token must not contain spaces (give the token alone, without the 'Bot ' prefix).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckSnowflake(string? value, string key, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && !ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add($"{key} must be a numeric Discord id.");
        }
    }

    private static bool IsHex(string s, int length) => s.Length == length && s.All(Uri.IsHexDigit);
}
