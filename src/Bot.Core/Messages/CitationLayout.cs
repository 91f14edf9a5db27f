using System.Globalization;
using Bot.Core.Language;
using Bot.Knowledge.Model;

namespace Bot.Core.Messages;

/// <summary>One citation line: one knowledge file, with at most two publications and at most one link.</summary>
/// <param name="Title">The file's title, with the cited section's heading when that helps (see <see cref="CitationLayout"/>).</param>
/// <param name="AsOf">"as of 30 Jun 2026" / "tính đến 30/6/2026".</param>
/// <param name="Publications">At most two: the cited sections' own sources, strongest (first named) first.</param>
/// <param name="Link">The first web address among <paramref name="Publications"/>, if any.</param>
public sealed record CitationLine(string Title, string AsOf, IReadOnlyList<CitedSource> Publications, Uri? Link);

/// <summary>
/// The compact sources block every platform shows under an answer: a heading line (<c>Sources:</c> / <c>Nguồn:</c>),
/// then one line per cited file, no file paths or anchors. <c>/sources</c> as a reply, or the Sources button, lists
/// every publication instead (<see cref="FullSources"/>).
/// </summary>
public static class CitationLayout
{
    /// <summary>Publications shown per citation line.</summary>
    public const int MaxPublications = 2;

    /// <summary>A title with its section heading longer than this shows the title alone.</summary>
    private const int MaxTitleWithHeading = 90;

    /// <summary>A publication title is cut to this length (the full one is under "Sources").</summary>
    private const int MaxPublicationTitle = 60;

    /// <summary>One line per cited file, in the order the files were first cited.</summary>
    public static IReadOnlyList<CitationLine> Lines(IReadOnlyList<Citation> citations, string language)
    {
        ArgumentNullException.ThrowIfNull(citations);
        var lines = new List<CitationLine>();
        foreach (var file in citations.GroupBy(c => c.File, StringComparer.Ordinal))
        {
            var sections = file.DistinctBy(c => c.Anchor, StringComparer.Ordinal).ToList();
            var first = sections[0];
            var title = first.Title;
            if (sections.Count == 1 && title.Length + first.Section.Length + 3 <= MaxTitleWithHeading && !Same(title, first.Section))
            {
                title = $"{title} — {first.Section}";
            }

            var publications = sections.SelectMany(c => c.Sources)
                .DistinctBy(s => (s.Title, s.Url?.AbsoluteUri))
                .Take(MaxPublications)
                .Select(s => s with { Title = Shorten(s.Title, MaxPublicationTitle) })
                .ToList();
            var asOf = sections.Select(c => c.AsOf).MinBy(d => d.Start);
            lines.Add(new CitationLine(title, Phrases.AsOf(language, asOf), publications, publications.FirstOrDefault(p => IsWeb(p.Url))?.Url));
        }

        return lines;
    }

    /// <summary>"Title — Heading, as of 30 Jun 2026: OpenAI (2024-02-15); Newser (2024-02) https://…" in plain text.</summary>
    public static string PlainLine(CitationLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = $"{line.Title}, {line.AsOf}";
        if (line.Publications.Count > 0)
        {
            text += ": " + string.Join("; ", line.Publications.Select(Publication));
        }

        return line.Link is { } link ? $"{text} {link.AbsoluteUri}" : text;
    }

    /// <summary>"OpenAI (2024-02-15)".</summary>
    public static string Publication(CitedSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return string.IsNullOrWhiteSpace(source.Date) ? source.Title : $"{source.Title} ({source.Date.Trim()})";
    }

    /// <summary>
    /// Every publication of the cited sections, one per line with its address, grouped by file; file paths only when
    /// <paramref name="showPaths"/> (moderators).
    /// </summary>
    public static IReadOnlyList<string> FullSources(IReadOnlyList<Citation> citations, string language, bool showPaths)
    {
        ArgumentNullException.ThrowIfNull(citations);
        var blocks = new List<string>();
        foreach (var file in citations.GroupBy(c => c.File, StringComparer.Ordinal))
        {
            var sections = file.DistinctBy(c => c.Anchor, StringComparer.Ordinal).ToList();
            var lines = new List<string>
            {
                $"{sections[0].Title}, {Phrases.AsOf(language, sections.Select(c => c.AsOf).MinBy(d => d.Start))}" +
                    (showPaths ? $" ({string.Join(", ", sections.Select(c => $"{c.File}#{c.Anchor}"))})" : string.Empty),
            };
            foreach (var source in sections.SelectMany(c => c.Sources).DistinctBy(s => (s.Title, s.Url?.AbsoluteUri)))
            {
                lines.Add("- " + Publication(source) + (IsWeb(source.Url) ? " " + source.Url!.AbsoluteUri : string.Empty));
            }

            blocks.Add(string.Join('\n', lines));
        }

        return blocks;
    }

    /// <summary>The review-date line for the first cited section whose review day has passed, if any.</summary>
    public static string? ReviewNote(IReadOnlyList<Citation> citations, string language, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(citations);
        var due = citations.Where(c => c.Review is { } r && today > r).Select(c => c.Review!.Value).Order().FirstOrDefault();
        return due == default ? null : Phrases.ReviewPassed(language, due);
    }

    internal static bool IsWeb(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    private static bool Same(string a, string b) => string.Equals(a.Trim().TrimEnd('?', '.'), b.Trim().TrimEnd('?', '.'), StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text, int max)
    {
        text = text.Trim();
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return (cut > max / 2 ? text[..cut] : text[..(max - 1)]).TrimEnd(',', ';', ':', ' ', '(') + "…";
    }

    /// <summary>"30 Jun 2026" / "Jun 2026" (en) and "30/6/2026" / "tháng 6/2026" (vi).</summary>
    public static string FormatDate(string language, KnowledgeDate date) => language == LanguageDetector.Vietnamese
        ? date.HasDay
            ? date.Start.ToString("d/M/yyyy", CultureInfo.InvariantCulture)
            : "tháng " + date.Start.ToString("M/yyyy", CultureInfo.InvariantCulture)
        : date.Start.ToString(date.HasDay ? "d MMM yyyy" : "MMM yyyy", CultureInfo.InvariantCulture);
}
