namespace Bot.Knowledge.Model;

/// <summary>A source a knowledge file cites: a title, a date (YYYY, YYYY-MM or YYYY-MM-DD) and an optional http(s) url.</summary>
public sealed record KnowledgeSource(string Title, string Date, Uri? Url);

/// <summary>One Markdown file of the knowledge folder, parsed and validated.</summary>
/// <param name="Path">Path relative to the knowledge folder, with forward slashes (e.g. <c>sora/sora-launch.vi.md</c>).</param>
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
    IReadOnlyList<KnowledgeSection> Sections);

/// <summary>
/// One <c>##</c> section of a knowledge file: the unit the bot retrieves and cites.
/// It carries its provenance so a citation can point at the exact place.
/// </summary>
/// <param name="Key">Stable identity: <c>{Path}#{Anchor}</c>.</param>
/// <param name="Line">1-based line of the <c>##</c> heading in the file.</param>
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
    string ContentHash);

/// <summary>A problem in a knowledge file a moderator can act on, shown as <c>PATH:LINE: message</c>.</summary>
public sealed record KnowledgeDiagnostic(string Path, int Line, string Message)
{
    public override string ToString() => $"{Path}:{Line}: {Message}";
}
