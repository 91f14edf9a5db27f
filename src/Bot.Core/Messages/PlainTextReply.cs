using System.Text;
using Bot.Core.Language;

namespace Bot.Core.Messages;

/// <summary>
/// Renders a reply as plain text: the text blocks, the notes, then the sources with their dates. This is what the
/// console, the command line and <c>answer --jsonl</c> show; chat adapters render the same parts in their own markup.
/// </summary>
public static class PlainTextReply
{
    public static string Render(BotReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var sb = new StringBuilder();
        foreach (var block in reply.Blocks)
        {
            AppendParagraph(sb, block);
        }

        foreach (var note in reply.Notes)
        {
            AppendParagraph(sb, note);
        }

        if (reply.Citations.Count > 0)
        {
            AppendParagraph(sb, Phrases.SourcesHeading(reply.Language));
            var n = 0;
            foreach (var file in reply.Citations.GroupBy(c => c.File))
            {
                // One entry per file: its sections together, its sources once.
                var first = file.First();
                var sections = string.Join("; ", file.Select(c => c.Section).Distinct());
                sb.Append('\n').Append(CitationLine(++n, first with { Section = sections }, reply.Language));
                foreach (var source in first.Sources)
                {
                    sb.Append("\n    ").Append(SourceLine(source));
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>"[1] Title — Section (path, as of 2026-11-28)".</summary>
    public static string CitationLine(int number, Citation citation, string language)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return $"[{number}] {citation.Title} — {citation.Section} ({citation.File}, {Phrases.AsOf(language, citation.Updated)})";
    }

    /// <summary>"Publisher title, 2024-02-15: https://..." (the url only when the file gives one).</summary>
    public static string SourceLine(CitedSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Url is null ? $"{source.Title}, {source.Date}" : $"{source.Title}, {source.Date}: {source.Url}";
    }

    private static void AppendParagraph(StringBuilder sb, string text)
    {
        if (sb.Length > 0)
        {
            sb.Append("\n\n");
        }

        sb.Append(text);
    }
}
