using System.Globalization;

namespace Bot.Knowledge.Model;

/// <summary>A source a knowledge file cites: a title, a date (YYYY, YYYY-MM or YYYY-MM-DD) and an optional http(s) url.</summary>
public sealed record KnowledgeSource(string Title, string Date, Uri? Url)
{
    /// <summary>The short id sections name in their <c>src</c> attribute (e.g. <c>bis-2023-10</c>); null in old-format files.</summary>
    public string? Key { get; init; }
}

/// <summary>A day (<c>YYYY-MM-DD</c>) or a month (<c>YYYY-MM</c>): how precisely a date in the knowledge is known.</summary>
/// <param name="Start">The day, or the first day of the month.</param>
/// <param name="HasDay">False when only the month is known.</param>
public readonly record struct KnowledgeDate(DateOnly Start, bool HasDay)
{
    public static KnowledgeDate Of(DateOnly day) => new(day, true);

    /// <summary>Parses <c>YYYY-MM-DD</c> or <c>YYYY-MM</c> (nothing else).</summary>
    public static bool TryParse(string? text, out KnowledgeDate date)
    {
        date = default;
        if (text is { Length: 10 } && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = new KnowledgeDate(day, true);
            return true;
        }

        if (text is { Length: 7 } && DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            date = new KnowledgeDate(month, false);
            return true;
        }

        return false;
    }

    /// <summary>The ISO form, with the day only when it is known.</summary>
    public override string ToString() => Start.ToString(HasDay ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>One Markdown file of the knowledge folder, parsed and validated.</summary>
/// <param name="Path">Path relative to the knowledge folder, with forward slashes (e.g. <c>sora/sora-launch.vi.md</c>).</param>
/// <param name="Updated">When the file was last edited.</param>
public sealed record KnowledgeDocument(
    string Path,
    string Id,
    string Title,
    string Lang,
    string Topic,
    DateOnly Updated,
    IReadOnlyList<KnowledgeSource> Sources,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<KnowledgeSection> Sections)
{
    private readonly KnowledgeDate? _asOf;

    /// <summary>When the file's facts were last checked (front matter <c>as_of</c>; <see cref="Updated"/> when absent).</summary>
    public KnowledgeDate AsOf { get => _asOf ?? KnowledgeDate.Of(Updated); init => _asOf = value; }
}

/// <summary>
/// One <c>##</c> section of a knowledge file: the unit the bot retrieves and cites.
/// It carries its provenance so a citation can point at the exact place.
/// </summary>
/// <param name="Key">Stable identity: <c>{Path}#{Anchor}</c>.</param>
/// <param name="Heading">The heading text, without its attribute block (<c>{src=... as_of=... review=...}</c>).</param>
/// <param name="Line">1-based line of the <c>##</c> heading in the file.</param>
/// <param name="Updated">When the file was last edited.</param>
/// <param name="Sources">The sources that support this section: those its <c>src</c> names, or all of the file's when it names none.</param>
/// <param name="ContentHash">Hash of heading + text, for the embedding cache.</param>
public sealed record KnowledgeSection(
    string Key,
    string Path,
    string DocumentId,
    string DocumentTitle,
    string Lang,
    string Topic,
    string Heading,
    string Anchor,
    string Text,
    int Line,
    DateOnly Updated,
    IReadOnlyList<KnowledgeSource> Sources,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Aliases,
    string ContentHash)
{
    private readonly KnowledgeDate? _asOf;

    /// <summary>When this section's facts were last checked: its own <c>as_of</c>, else the file's.</summary>
    public KnowledgeDate AsOf { get => _asOf ?? KnowledgeDate.Of(Updated); init => _asOf = value; }

    /// <summary>The day this section's facts are due to change (<c>review</c>); after it the section is overdue.</summary>
    public DateOnly? Review { get; init; }

    /// <summary>True when the section names no <c>src</c> and so cites every source of its file (old format).</summary>
    public bool CitesAllSources { get; init; }

    /// <summary>Whether the review date has passed on <paramref name="today"/>.</summary>
    public bool IsOverdue(DateOnly today) => Review is { } review && today > review;
}

/// <summary>How serious a <see cref="KnowledgeDiagnostic"/> is.</summary>
public enum KnowledgeSeverity
{
    /// <summary>The file is not served (its last good version is, if any).</summary>
    Error,

    /// <summary>The file is served; a moderator should look.</summary>
    Warning,

    /// <summary>The file is served in the old format; a moderator should convert it.</summary>
    Compatibility,
}

/// <summary>A problem in a knowledge file a moderator can act on, shown as <c>PATH:LINE: message</c>.</summary>
public sealed record KnowledgeDiagnostic(string Path, int Line, string Message, KnowledgeSeverity Severity = KnowledgeSeverity.Error)
{
    public override string ToString() => Severity switch
    {
        KnowledgeSeverity.Warning => $"{Path}:{Line}: warning: {Message}",
        KnowledgeSeverity.Compatibility => $"{Path}:{Line}: warning (old format): {Message}",
        _ => $"{Path}:{Line}: {Message}",
    };
}
