using System.Globalization;
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

        var citations = RenderCitations(reply.Citations, vi);
        if (citations.Count > 0)
        {
            var header = vi ? "Nguồn:" : "Sources:";
            units.Add(new RenderedChunk("<b>" + header + "</b>", header));
            units.AddRange(citations);
        }

        if (units.Count == 0)
        {
            units.Add(new RenderedChunk("…", "…"));
        }

        return Pack(units.SelectMany(u => SplitOversized(u, limit)), limit);
    }

    /// <summary>One unit per knowledge file: title, the sections used, its updated date, then its sources as links.</summary>
    private static List<RenderedChunk> RenderCitations(IReadOnlyList<Citation> citations, bool vi)
    {
        var result = new List<RenderedChunk>();
        var asOf = vi ? "cập nhật" : "as of";
        foreach (var file in citations.GroupBy(c => c.File, StringComparer.Ordinal))
        {
            var first = file.First();
            var date = first.Updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sections = string.Join("; ", file.Select(c => c.Section).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal));
            var html = new StringBuilder();
            var plain = new StringBuilder();

            html.Append("• <b>").Append(TelegramHtml.Escape(first.Title)).Append("</b>");
            plain.Append("• ").Append(first.Title);
            if (sections.Length > 0)
            {
                html.Append(" › ").Append(TelegramHtml.Escape(sections));
                plain.Append(" › ").Append(sections);
            }

            html.Append(" (").Append(asOf).Append(' ').Append(date).Append(") <code>").Append(TelegramHtml.Escape(first.File)).Append("</code>");
            plain.Append(" (").Append(asOf).Append(' ').Append(date).Append(") ").Append(first.File);

            var sources = file.SelectMany(c => c.Sources).DistinctBy(s => (s.Title, s.Url?.AbsoluteUri)).ToList();
            foreach (var source in sources)
            {
                var when = string.IsNullOrWhiteSpace(source.Date) ? string.Empty : ", " + source.Date.Trim();
                html.Append("\n   ");
                plain.Append("\n   ");
                if (source.Url is { } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
                {
                    html.Append("<a href=\"").Append(TelegramHtml.Escape(url.AbsoluteUri)).Append("\">")
                        .Append(TelegramHtml.Escape(source.Title)).Append("</a>").Append(TelegramHtml.Escape(when));
                    plain.Append(source.Title).Append(when).Append(" — ").Append(url.AbsoluteUri);
                }
                else
                {
                    html.Append(TelegramHtml.Escape(source.Title + when));
                    plain.Append(source.Title).Append(when);
                }
            }

            result.Add(new RenderedChunk(html.ToString(), plain.ToString()));
        }

        return result;
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
