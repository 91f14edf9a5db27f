using System.Text;
using Bot.Core.Language;
using Bot.Knowledge.Loading;

namespace Bot.Core.Engine;

/// <summary>
/// The informational commands anyone may run: <c>/help</c> (and <c>/start</c>) and <c>/sources</c>, an overview of
/// what the knowledge covers. Each returns the reply's text blocks in the asker's language.
/// </summary>
public sealed class InfoCommands(IKnowledgeBase knowledge)
{
    /// <summary>True for the commands this class answers.</summary>
    public static bool Handles(string? command) => command?.ToLowerInvariant() is "help" or "start" or "sources";

    /// <summary>The reply blocks for <paramref name="command"/> (one of <see cref="Handles"/>).</summary>
    public IReadOnlyList<string> Run(string command, string lang)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command.ToLowerInvariant() switch
        {
            "sources" => SourcesOverview(lang),
            _ => Phrases.Help(lang),
        };
    }

    /// <summary>Files, sections and topics in the asker's language, with the newest update of each topic.</summary>
    public IReadOnlyList<string> SourcesOverview(string lang)
    {
        var snapshot = knowledge.Current;
        var docs = snapshot.Documents.Where(d => d.Lang == lang).ToList();
        if (docs.Count == 0)
        {
            docs = [.. snapshot.Documents];
        }

        DateOnly? newest = docs.Count > 0 ? docs.Max(d => d.Updated) : null;
        var lines = new StringBuilder();
        lines.Append(Phrases.SourcesIntro(lang, snapshot.Documents.Count, snapshot.SectionCount, newest, snapshot.LoadedAt));
        foreach (var topic in docs.GroupBy(d => d.Topic).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Append('\n').Append(Phrases.Topic(lang, topic.Key, topic.Count(), topic.Max(d => d.Updated)));
        }

        return [lines.ToString()];
    }
}
