using Bot.Knowledge.Model;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Loading;

/// <summary>
/// Everything the bot knows at one moment: the documents that are serving (a broken file keeps its last good version),
/// the index over them, the current problems (<see cref="Diagnostics"/>: errors) and <see cref="Warnings"/>. Immutable: a reload builds a new snapshot and swaps it in atomically.
/// </summary>
public sealed record KnowledgeSnapshot(
    string Root,
    IReadOnlyList<KnowledgeDocument> Documents,
    ILexicalIndex Index,
    IReadOnlyList<KnowledgeDiagnostic> Diagnostics,
    DateTimeOffset LoadedAt)
{
    public int SectionCount => Index.SectionCount;

    /// <summary>Warnings and old-format notes: the files they name still serve.</summary>
    public IReadOnlyList<KnowledgeDiagnostic> Warnings { get; init; } = [];

    /// <summary>Sections whose review date has passed on <paramref name="today"/>, by path and line.</summary>
    public IReadOnlyList<KnowledgeSection> Overdue(DateOnly today) =>
        [.. Documents.SelectMany(d => d.Sections).Where(s => s.IsOverdue(today)).OrderBy(s => s.Path, StringComparer.Ordinal).ThenBy(s => s.Line)];
}

/// <summary>The live knowledge base: the current snapshot, kept fresh by watching the folder.</summary>
public interface IKnowledgeBase
{
    /// <summary>The snapshot serving now. Never null once the host has started.</summary>
    KnowledgeSnapshot Current { get; }

    /// <summary>Raised after each reload with the new snapshot.</summary>
    event EventHandler<KnowledgeSnapshot>? Reloaded;

    /// <summary>Re-reads the folder now (the watcher does this by itself after a save).</summary>
    Task<KnowledgeSnapshot> ReloadAsync(CancellationToken cancellationToken = default);
}
