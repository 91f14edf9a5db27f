using System.ComponentModel.DataAnnotations;

namespace Bot.Core;

/// <summary>Behaviour of the core, bound from the <c>Bot</c> section.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>Longer questions are cut to this many characters, with a note to the asker.</summary>
    [Range(20, 20_000, ErrorMessage = "Bot:MaxQuestionChars must be between 20 and 20000.")]
    public int MaxQuestionChars { get; set; } = 1_000;

    /// <summary>
    /// An answer quotes at most about this many characters before its notes and sources (about 300 more); the whole
    /// first reply never exceeds 2,000 characters, and "tell me more" continues.
    /// </summary>
    [Range(200, 1_500, ErrorMessage = "Bot:MaxAnswerChars must be between 200 and 1500.")]
    public int MaxAnswerChars { get; set; } = 400;

    /// <summary>
    /// The least evidence the bot answers from: the share of the question's (IDF-weighted) content terms found in the
    /// best section. Below it the bot says it does not know. See <see cref="Engine.EvidenceGate"/> for how the default
    /// was chosen.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Bot:MinEvidence must be between 0 and 1.")]
    public double MinEvidence { get; set; } = Engine.EvidenceGate.DefaultMinEvidence;

    /// <summary>How many sections retrieval hands to the answerer at most.</summary>
    [Range(1, 20, ErrorMessage = "Bot:RetrievalTop must be between 1 and 20.")]
    public int RetrievalTop { get; set; } = 8;

    /// <summary>Owners, as platform-tagged ids (<c>telegram:123</c>, <c>discord:456</c>).</summary>
    public IList<string> OwnerIds { get; } = [];

    /// <summary>Moderators from configuration (<c>telegram:123</c>, <c>discord:456</c>, <c>discord-role:789</c>).</summary>
    public IList<string> ModeratorIds { get; } = [];

    /// <summary>What makes the bot answer in a channel nobody has configured yet.</summary>
    public Stores.ChannelMode DefaultChannelMode { get; set; } = Stores.ChannelMode.Mentions;

    /// <summary>Whether private chats and DMs are answered.</summary>
    public bool AllowPrivateChats { get; set; } = true;

    /// <summary>When not empty, the only Discord guilds the bot works in.</summary>
    public IList<string> AllowedGuilds { get; } = [];

    /// <summary>When not empty, the only Telegram chats the bot works in.</summary>
    public IList<string> AllowedChats { get; } = [];

    /// <summary>Per-user and per-channel limits on questions.</summary>
    public RateLimitOptions RateLimit { get; } = new();
}

/// <summary>Bound from <c>Bot:RateLimit</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Questions one user may ask per minute (across channels).</summary>
    public int PerUserPerMinute { get; set; } = 6;

    /// <summary>Questions one channel may get answered per minute.</summary>
    public int PerChannelPerMinute { get; set; } = 30;
}

/// <summary>Checks the parts of <see cref="BotOptions"/> data annotations cannot; each error names its key.</summary>
internal sealed class BotOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<BotOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var errors = new List<string>();
        Check(options.OwnerIds, "Bot:OwnerIds", allowRoles: false, errors);
        Check(options.ModeratorIds, "Bot:ModeratorIds", allowRoles: true, errors);
        if (!Enum.IsDefined(options.DefaultChannelMode))
        {
            errors.Add("Bot:DefaultChannelMode must be mentions, all or commands.");
        }

        if (options.RateLimit.PerUserPerMinute is < 1 or > 1_000)
        {
            errors.Add("Bot:RateLimit:PerUserPerMinute must be between 1 and 1000.");
        }

        if (options.RateLimit.PerChannelPerMinute is < 1 or > 10_000)
        {
            errors.Add("Bot:RateLimit:PerChannelPerMinute must be between 1 and 10000.");
        }

        for (var i = 0; i < options.AllowedGuilds.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AllowedGuilds[i]))
            {
                errors.Add($"Bot:AllowedGuilds:{i} is empty.");
            }
        }

        for (var i = 0; i < options.AllowedChats.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.AllowedChats[i]))
            {
                errors.Add($"Bot:AllowedChats:{i} is empty.");
            }
        }

        return errors.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }

    private static void Check(IList<string> tags, string key, bool allowRoles, List<string> errors)
    {
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (!Stores.ModeratorTag.IsValid(tag) || (!allowRoles && tag.StartsWith(Stores.ModeratorTag.DiscordRole + ":", StringComparison.Ordinal)))
            {
                errors.Add($"{key}:{i} '{tag}' is not a valid id: expected telegram:ID or discord:ID" + (allowRoles ? " or discord-role:ID" : "") + " with a numeric ID.");
            }
        }
    }
}
