using System.Text;
using Bot.Core.Messages;

namespace Bot.Telegram;

/// <summary>One Telegram message of a reply: the HTML to send, and the same content as plain text for the fallback.</summary>
internal sealed record RenderedChunk(string Html, string Plain);

/// <summary>
/// The one place that turns a <see cref="BotReply"/> into Telegram messages: every text escaped for HTML, sources as
/// links with the knowledge file's date, split on paragraph boundaries so each message stays within the limit.
/// </summary>
internal static class TelegramRenderer
{
    /// <summary>Telegram's limit for one message's text.</summary>
    public const int MaxMessageLength = 4096;

    public static IReadOnlyList<RenderedChunk> Render(BotReply reply, int limit = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var vi = reply.Language.StartsWith("vi", StringComparison.OrdinalIgnoreCase);
        var units = new List<RenderedChunk>();

        foreach (var block in reply.Blocks)
        {
            if (!string.IsNullOrWhiteSpace(block))
            {
                units.Add(new RenderedChunk(TelegramHtml.Escape(block.Trim()), block.Trim()));
            }
        }

        var notes = reply.Notes.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
        if (notes.Count > 0)
        {
            units.Add(new RenderedChunk(
                string.Join('\n', notes.Select(n => "<i>" + TelegramHtml.Escape(n) + "</i>")),
                string.Join('\n', notes)));
        }

        if (reply.Citations.Count > 0)
        {
            // "Sources:" on a line of its own, then one line per cited file, in the same unit so they stay together.
            var lines = CitationLayout.Lines(reply.Citations, reply.Language);
            var header = vi ? "Nguồn:" : "Sources:";
            units.Add(new RenderedChunk(
                "<b>" + header + "</b>\n" + string.Join('\n', lines.Select(CitationHtml)),
                header + "\n" + string.Join('\n', lines.Select(CitationLayout.PlainLine))));
        }

        if (units.Count == 0)
        {
            units.Add(new RenderedChunk("…", "…"));
        }

        return Pack(units.SelectMany(u => SplitOversized(u, limit)), limit);
    }

    /// <summary>"<b>Title</b>, as of 30 Jun 2026: <a href="…">OpenAI</a> (2024-02-15); Newser (2024-02)": one link at most.</summary>
    private static string CitationHtml(CitationLine line)
    {
        var html = new StringBuilder();
        html.Append("<b>").Append(TelegramHtml.Escape(line.Title)).Append("</b>, ").Append(TelegramHtml.Escape(line.AsOf));
        var linked = false;
        for (var i = 0; i < line.Publications.Count; i++)
        {
            var source = line.Publications[i];
            html.Append(i == 0 ? ": " : "; ");
            if (!linked && line.Link is { } link && source.Url == link)
            {
                html.Append("<a href=\"").Append(TelegramHtml.Escape(link.AbsoluteUri)).Append("\">").Append(TelegramHtml.Escape(source.Title)).Append("</a>");
                html.Append(TelegramHtml.Escape(CitationLayout.Publication(source)[source.Title.Length..]));
                linked = true;
            }
            else
            {
                html.Append(TelegramHtml.Escape(CitationLayout.Publication(source)));
            }
        }

        return html.ToString();
    }

    /// <summary>Greedy packing of whole units into messages, joined by a blank line, in order.</summary>
    private static List<RenderedChunk> Pack(IEnumerable<RenderedChunk> units, int limit)
    {
        var chunks = new List<RenderedChunk>();
        var html = new StringBuilder();
        var plain = new StringBuilder();
        foreach (var unit in units)
        {
            if (html.Length > 0 && html.Length + 2 + unit.Html.Length > limit)
            {
                chunks.Add(new RenderedChunk(html.ToString(), plain.ToString()));
                html.Clear();
                plain.Clear();
            }

            if (html.Length > 0)
            {
                html.Append("\n\n");
                plain.Append("\n\n");
            }

            html.Append(unit.Html);
            plain.Append(unit.Plain);
        }

        if (html.Length > 0)
        {
            chunks.Add(new RenderedChunk(html.ToString(), plain.ToString()));
        }

        return chunks;
    }

    /// <summary>
    /// A paragraph too long for one message is cut at line breaks, then at spaces, then anywhere (never inside a
    /// surrogate pair). Only plain paragraphs can be this long; markup units (citations) are short.
    /// </summary>
    private static IEnumerable<RenderedChunk> SplitOversized(RenderedChunk unit, int limit)
    {
        if (unit.Html.Length <= limit)
        {
            yield return unit;
            yield break;
        }

        var rest = unit.Plain;
        while (rest.Length > 0)
        {
            var take = LongestPrefixThatFits(rest, limit);
            var piece = rest[..take].TrimEnd();
            rest = rest[take..].TrimStart();
            if (piece.Length > 0)
            {
                yield return new RenderedChunk(TelegramHtml.Escape(piece), piece);
            }
        }
    }

    private static int LongestPrefixThatFits(string text, int limit)
    {
        // Escaped length grows monotonically with the prefix: find the longest prefix whose escaped form fits.
        var escaped = 0;
        var max = 0;
        for (var i = 0; i < text.Length; i++)
        {
            escaped += text[i] switch { '<' or '>' => 4, '&' => 5, '"' => 6, _ => 1 };
            if (escaped > limit)
            {
                break;
            }

            max = i + 1;
        }

        if (max >= text.Length)
        {
            return text.Length;
        }

        var window = text.AsSpan(0, max);
        var cut = window.LastIndexOf('\n');
        if (cut < max / 2)
        {
            cut = window.LastIndexOf(' ');
        }

        if (cut < max / 2)
        {
            cut = max;
            if (char.IsHighSurrogate(text[cut - 1]))
            {
                cut--;
            }
        }

        return Math.Max(cut, 1);
    }
}
