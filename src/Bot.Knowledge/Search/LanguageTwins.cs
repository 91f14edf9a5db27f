using System.Runtime.CompilerServices;
using Bot.Knowledge.Model;

namespace Bot.Knowledge.Search;

/// <summary>
/// The one place that knows a section's language twin: the section at the same position of the file with the same
/// <c>id</c> in the other language (<c>sora-launch.en.md</c> section 2 and <c>sora-launch.vi.md</c> section 2).
/// Used by the index (to rank twins together), the retriever's fusion and the evidence pipeline (to answer from the
/// asker's language).
/// </summary>
public sealed class LanguageTwins
{
    private static readonly ConditionalWeakTable<IReadOnlyList<KnowledgeDocument>, LanguageTwins> Cache = [];

    private readonly Dictionary<string, (string DocumentId, int Position)> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<(string DocumentId, int Position), List<KnowledgeSection>> _bySlot = [];

    private LanguageTwins(IEnumerable<KnowledgeSection> sections)
    {
        var positionInFile = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            var position = positionInFile.GetValueOrDefault(section.Path);
            positionInFile[section.Path] = position + 1;
            var slot = (section.DocumentId, position);
            _slots.TryAdd(section.Key, slot);
            if (!_bySlot.TryGetValue(slot, out var list))
            {
                _bySlot[slot] = list = [];
            }

            list.Add(section);
        }
    }

    /// <summary>Twins over sections in file order (each file's sections consecutive, as parsed).</summary>
    public static LanguageTwins Of(IEnumerable<KnowledgeSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        return new LanguageTwins(sections);
    }

    /// <summary>Twins over a snapshot's documents, computed once per document list.</summary>
    public static LanguageTwins Of(IReadOnlyList<KnowledgeDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return Cache.GetValue(documents, d => new LanguageTwins(d.SelectMany(x => x.Sections)));
    }

    /// <summary>The (file id, position) a section shares with its twins; an unknown section gets a slot of its own.</summary>
    public (string DocumentId, int Position) Slot(KnowledgeSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return _slots.TryGetValue(section.Key, out var slot) ? slot : (section.Key, -1);
    }

    /// <summary>The twin of <paramref name="section"/> in <paramref name="lang"/> (any other language when null), or null.</summary>
    public KnowledgeSection? Twin(KnowledgeSection section, string? lang = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!_slots.TryGetValue(section.Key, out var slot) || !_bySlot.TryGetValue(slot, out var list))
        {
            return null;
        }

        foreach (var candidate in list)
        {
            if (candidate.Lang != section.Lang && (lang is null || candidate.Lang == lang))
            {
                return candidate;
            }
        }

        return null;
    }
}
