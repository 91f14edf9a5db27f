using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Knowledge.Model;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge.Loading;

/// <summary>The outcome of parsing one file: the document when it is valid, and every problem found.</summary>
/// <param name="IdLine">Line of the <c>id</c> key, for the duplicate check across files.</param>
/// <param name="Diagnostics">Errors: when there is one, <paramref name="Document"/> is null.</param>
internal sealed record ParsedFile(string Path, KnowledgeDocument? Document, int IdLine, IReadOnlyList<KnowledgeDiagnostic> Diagnostics)
{
    /// <summary>Warnings and old-format notes; they do not stop the file from serving.</summary>
    public IReadOnlyList<KnowledgeDiagnostic> Warnings { get; init; } = [];
}

/// <summary>Parses and validates one knowledge file (front matter + <c>##</c> sections).</summary>
internal static partial class KnowledgeFileParser
{
    /// <summary>Files above this size are refused: a knowledge file is one subject, not a book.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    /// <summary>Reads a heading's trailing <c>{src="a,b" as_of=2026-06 review=2026-09-24}</c> block (only headings use it).</summary>
    private static readonly MarkdownPipeline HeadingPipeline = new MarkdownPipelineBuilder().UseGenericAttributes().Build();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex FullDatePattern();

    [GeneratedRegex(@"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceDatePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceKeyPattern();

    public static ParsedFile Parse(string path, ReadOnlySpan<byte> bytes)
    {
        var diagnostics = new List<KnowledgeDiagnostic>();
        var warnings = new List<KnowledgeDiagnostic>();
        void Report(int line, string message) => diagnostics.Add(new KnowledgeDiagnostic(path, line, message));
        void Warn(int line, string message, KnowledgeSeverity severity) => warnings.Add(new KnowledgeDiagnostic(path, line, message, severity));

        if (bytes.Length > MaxFileBytes)
        {
            return TooLarge(path, bytes.Length);
        }

        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Report(LineOfFirstInvalidByte(bytes), "not valid UTF-8 (save the file as UTF-8)");
            return new ParsedFile(path, null, 0, diagnostics);
        }

        if (!text.IsNormalized(NormalizationForm.FormC))
        {
            text = text.Normalize(NormalizationForm.FormC);
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        if (lines[0].TrimEnd() != "---")
        {
            Report(1, "missing front matter (the file must start with a '---' line, then id, title, lang, topic, updated, sources, then '---')");
            return new ParsedFile(path, null, 0, diagnostics);
        }

        var close = -1;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == "---")
            {
                close = i;
                break;
            }
        }

        if (close < 0)
        {
            Report(1, "front matter is not closed (add a '---' line after its last key)");
            return new ParsedFile(path, null, 0, diagnostics);
        }

        var frontMatter = ParseFrontMatter(string.Join('\n', lines[1..close]), Report, Warn);
        var sections = ParseBody(path, string.Join('\n', lines[(close + 1)..]), close + 2, frontMatter, Report, Warn);

        warnings.Sort(static (a, b) => a.Line.CompareTo(b.Line));
        if (diagnostics.Count > 0 || frontMatter is null)
        {
            return new ParsedFile(path, null, frontMatter?.IdLine ?? 0, diagnostics) { Warnings = warnings };
        }

        var document = new KnowledgeDocument(
            path,
            frontMatter.Id,
            frontMatter.Title,
            frontMatter.Lang,
            frontMatter.Topic,
            frontMatter.Updated,
            frontMatter.Sources,
            frontMatter.Tags,
            frontMatter.Aliases,
            sections)
        {
            AsOf = frontMatter.AsOf,
        };
        return new ParsedFile(path, document, frontMatter.IdLine, diagnostics) { Warnings = warnings };
    }

    /// <summary>The result for a file over <see cref="MaxFileBytes"/>, reported without reading it.</summary>
    public static ParsedFile TooLarge(string path, long length) => new(
        path,
        null,
        0,
        [new KnowledgeDiagnostic(path, 1, string.Create(CultureInfo.InvariantCulture, $"file is {length} bytes, over the 1 MiB limit (split it into smaller files)"))]);

    private static int LineOfFirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        while (position < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[position..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                break;
            }

            position += consumed;
        }

        return bytes[..position].Count((byte)'\n') + 1;
    }

    private sealed record FrontMatter(
        string Id,
        int IdLine,
        string Title,
        string Lang,
        string Topic,
        DateOnly Updated,
        KnowledgeDate AsOf,
        IReadOnlyList<KnowledgeSource> Sources,
        IReadOnlyList<int> SourceLines,
        IReadOnlyList<string> Tags,
        IReadOnlyList<string> Aliases);

    /// <summary>Validates the front matter; returns null when a required value is missing or wrong (all reported).</summary>
    private static FrontMatter? ParseFrontMatter(string yaml, Action<int, string> report, Action<int, string, KnowledgeSeverity> warn)
    {
        // The YAML starts on line 2 of the file; YamlDotNet counts lines from 1.
        static int FileLine(Mark mark) => (int)mark.Line + 1;

        YamlMappingNode? root = null;
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try
        {
            var stream = new YamlStream();
            stream.Load(parser);
            if (stream.Documents.Count > 0)
            {
                root = stream.Documents[0].RootNode as YamlMappingNode;
                if (root is null)
                {
                    report(2, "front matter must be 'key: value' lines (e.g. 'id: sora-launch')");
                    return null;
                }
            }
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            report(FileLine(ex.Start), $"broken YAML in front matter: {TrimYamlMessage(message)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this instead of a YamlException for some unterminated values (e.g. "[a" at the end).
            report(FileLine(parser.LastStart), "broken YAML in front matter: a value is not terminated (check brackets and quotes)");
            return null;
        }

        var values = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.OrdinalIgnoreCase);
        if (root is not null)
        {
            foreach (var (key, value) in root.Children)
            {
                if (key is YamlScalarNode { Value: { } name })
                {
                    values.TryAdd(name, (key, value));
                }
            }
        }

        var ok = true;

        string? Scalar(string name, bool required = true)
        {
            if (!values.TryGetValue(name, out var entry))
            {
                if (required)
                {
                    report(1, $"missing '{name}' in front matter");
                    ok = false;
                }

                return null;
            }

            if (entry.Value is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
            {
                report(FileLine(entry.Key.Start), $"'{name}' must be a non-empty single value");
                ok = false;
                return null;
            }

            return scalar.Value.Trim();
        }

        int LineOf(string name) => values.TryGetValue(name, out var entry) ? FileLine(entry.Value.Start) : 1;

        var id = Scalar("id");
        if (id is not null && !IdPattern().IsMatch(id))
        {
            report(LineOf("id"), $"invalid id '{id}' (use lowercase letters, digits and hyphens, e.g. 'sora-launch')");
            ok = false;
        }

        var title = Scalar("title");
        var lang = Scalar("lang");
        if (lang is not null && lang is not ("en" or "vi"))
        {
            report(LineOf("lang"), $"unknown lang '{lang}' (expected en or vi)");
            ok = false;
        }

        var topic = Scalar("topic");
        var updatedText = Scalar("updated");
        var updated = default(DateOnly);
        if (updatedText is not null && !TryParseFullDate(updatedText, out updated))
        {
            report(LineOf("updated"), $"malformed date '{updatedText}' for 'updated' (expected YYYY-MM-DD, e.g. 2024-02-15)");
            ok = false;
        }

        var asOf = default(KnowledgeDate);
        if (Scalar("as_of", required: false) is { } asOfText)
        {
            if (!KnowledgeDate.TryParse(asOfText, out asOf))
            {
                report(LineOf("as_of"), $"malformed date '{asOfText}' for 'as_of' (expected YYYY-MM-DD or YYYY-MM, e.g. 2026-11-28)");
                ok = false;
            }
        }
        else if (!values.ContainsKey("as_of") && updatedText is not null)
        {
            asOf = KnowledgeDate.Of(updated);
            warn(LineOf("updated"), $"no 'as_of' (the date the facts were last checked); using 'updated' ({updatedText}) until you add one", KnowledgeSeverity.Compatibility);
        }

        var sources = new List<(KnowledgeSource Source, int Line)>();
        if (!values.TryGetValue("sources", out var sourcesEntry))
        {
            report(1, "missing 'sources' in front matter (list each source with title and date)");
            ok = false;
        }
        else if (sourcesEntry.Value is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            report(FileLine(sourcesEntry.Key.Start), "'sources' must be a list of sources, each with title and date");
            ok = false;
        }
        else
        {
            foreach (var item in sequence.Children)
            {
                ok &= TryParseSource(item, report, FileLine, sources);
            }

            ok &= CheckSourceKeys(sources, report, warn);
        }

        var tags = StringList("tags");
        var aliases = StringList("aliases");

        IReadOnlyList<string> StringList(string name)
        {
            if (!values.TryGetValue(name, out var entry) || entry.Value is YamlScalarNode { Value: null or "" })
            {
                return [];
            }

            if (entry.Value is YamlSequenceNode list && list.Children.All(c => c is YamlScalarNode))
            {
                return list.Children.Cast<YamlScalarNode>()
                    .Select(s => s.Value?.Trim() ?? string.Empty)
                    .Where(s => s.Length > 0)
                    .ToArray();
            }

            report(FileLine(entry.Key.Start), $"'{name}' must be a list of words or phrases (e.g. [sora, openai])");
            ok = false;
            return [];
        }

        if (!ok || id is null || title is null || lang is null || topic is null)
        {
            return null;
        }

        return new FrontMatter(
            id, LineOf("id"), title, lang, topic, updated, asOf, [.. sources.Select(s => s.Source)], [.. sources.Select(s => s.Line)], tags, aliases);
    }

    /// <summary>Keys are unique within the file; a source without one is the old format.</summary>
    private static bool CheckSourceKeys(List<(KnowledgeSource Source, int Line)> sources, Action<int, string> report, Action<int, string, KnowledgeSeverity> warn)
    {
        var ok = true;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (source, line) in sources)
        {
            if (source.Key is null)
            {
                warn(line, $"source '{source.Title}' has no 'key' (add a short id such as 'reuters' so sections can name it in src)", KnowledgeSeverity.Compatibility);
            }
            else if (!seen.TryAdd(source.Key, line))
            {
                report(line, $"duplicate source key '{source.Key}' (already used on line {seen[source.Key]}; keys are unique within a file)");
                ok = false;
            }
        }

        return ok;
    }

    private static bool TryParseSource(YamlNode item, Action<int, string> report, Func<Mark, int> fileLine, List<(KnowledgeSource Source, int Line)> sources)
    {
        if (item is not YamlMappingNode map)
        {
            report(fileLine(item.Start), "a source must have 'title:' and 'date:' (and optionally 'url:')");
            return false;
        }

        string? title = null, date = null, sourceKey = null;
        Uri? url = null;
        var ok = true;
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            var value = (valueNode as YamlScalarNode)?.Value?.Trim();
            var line = fileLine(valueNode.Start);
            switch (key?.ToLowerInvariant())
            {
                case "title":
                    title = string.IsNullOrEmpty(value) ? null : value;
                    break;
                case "date":
                    if (string.IsNullOrEmpty(value) || !IsSourceDate(value))
                    {
                        report(line, $"malformed date '{value}' in source (expected YYYY, YYYY-MM or YYYY-MM-DD)");
                        ok = false;
                    }
                    else
                    {
                        date = value;
                    }

                    break;
                case "key":
                    if (string.IsNullOrEmpty(value) || !SourceKeyPattern().IsMatch(value))
                    {
                        report(line, $"invalid source key '{value}' (use lowercase letters, digits and hyphens, e.g. 'bis-2023-10')");
                        ok = false;
                    }
                    else
                    {
                        sourceKey = value;
                    }

                    break;
                case "url":
                    if (string.IsNullOrEmpty(value))
                    {
                        break;
                    }

                    if (!Uri.TryCreate(value, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
                    {
                        report(line, $"malformed url '{value}' in source (expected an absolute http:// or https:// address)");
                        ok = false;
                    }
                    else
                    {
                        url = parsed;
                    }

                    break;
                default:
                    break;
            }
        }

        if (title is null)
        {
            report(fileLine(map.Start), "source without title (add 'title:' to this source)");
            ok = false;
        }

        if (date is null && ok && !map.Children.Keys.OfType<YamlScalarNode>().Any(k => string.Equals(k.Value, "date", StringComparison.OrdinalIgnoreCase)))
        {
            report(fileLine(map.Start), $"source '{title}' without date (add 'date:' as YYYY, YYYY-MM or YYYY-MM-DD)");
            ok = false;
        }

        if (ok && title is not null && date is not null)
        {
            sources.Add((new KnowledgeSource(title, date, url) { Key = sourceKey }, fileLine(map.Start)));
        }

        return ok;
    }

    private static bool TryParseFullDate(string text, out DateOnly date)
    {
        date = default;
        return FullDatePattern().IsMatch(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    private static bool IsSourceDate(string text)
    {
        if (!SourceDatePattern().IsMatch(text))
        {
            return false;
        }

        var format = text.Length switch { 4 => "yyyy", 7 => "yyyy-MM", _ => "yyyy-MM-dd" };
        return DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }

    /// <summary>Remembers where the last parsed YAML event started, to locate errors YamlDotNet does not locate.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public Mark LastStart { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastStart = current.Start;
            }

            return moved;
        }
    }

    private static string TrimYamlMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the diagnostic carries our own line.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    private static List<KnowledgeSection> ParseBody(
        string path, string body, int firstLine, FrontMatter? frontMatter, Action<int, string> report, Action<int, string, KnowledgeSeverity> warn)
    {
        var document = Markdown.Parse(body, Pipeline);
        var pending = new List<(SectionHeading Heading, List<Block> Blocks)>();
        var sawTitle = false;
        var reportedStray = false;

        foreach (var block in document)
        {
            if (block is HeadingBlock { Level: 2 } h2)
            {
                pending.Add((ReadHeading(body, h2, h2.Line + firstLine, report), []));
                continue;
            }

            if (pending.Count > 0)
            {
                pending[^1].Blocks.Add(block);
                continue;
            }

            if (block is HeadingBlock { Level: 1 } && !sawTitle)
            {
                sawTitle = true;
                continue;
            }

            if (block is LinkReferenceDefinitionGroup or HtmlBlock { Type: HtmlBlockType.Comment })
            {
                continue;
            }

            if (!reportedStray)
            {
                report(block.Line + firstLine, "text before the first section (put it under a '## ' heading or remove it)");
                reportedStray = true;
            }
        }

        if (pending.Count == 0)
        {
            report(1, "no sections (each answerable part starts with a '## ' heading)");
            return [];
        }

        var sections = new List<KnowledgeSection>(pending.Count);
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (heading, blocks) in pending)
        {
            var text = MarkdownPlainText.Render(blocks);
            if (heading.Text.Length == 0)
            {
                report(heading.Line, "section heading is empty (write a title after '## ')");
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                report(heading.Line, $"empty section '{heading.Text}' (write its text or remove the heading)");
                continue;
            }

            var anchor = UniqueAnchor(Slug(heading.Text), anchors);
            if (frontMatter is null)
            {
                continue;
            }

            var sources = SectionSources(heading, frontMatter, report, warn);
            sections.Add(new KnowledgeSection(
                Key: $"{path}#{anchor}",
                Path: path,
                DocumentId: frontMatter.Id,
                DocumentTitle: frontMatter.Title,
                Lang: frontMatter.Lang,
                Topic: frontMatter.Topic,
                Heading: heading.Text,
                Anchor: anchor,
                Text: text,
                Line: heading.Line,
                Updated: frontMatter.Updated,
                Sources: sources,
                Tags: frontMatter.Tags,
                Aliases: frontMatter.Aliases,
                ContentHash: Hash(heading.Text, text))
            {
                AsOf = heading.AsOf ?? frontMatter.AsOf,
                Review = heading.Review,
                CitesAllSources = heading.SourceKeys is null,
            });
        }

        if (frontMatter is not null)
        {
            CheckSourceUse(pending.Select(p => p.Heading).ToList(), frontMatter, warn);
        }

        return sections;
    }

    /// <summary>A <c>##</c> heading: its text without the attribute block, and what the block says.</summary>
    /// <param name="SourceKeys">The <c>src</c> keys in order, or null when the heading names none.</param>
    private sealed record SectionHeading(string Text, int Line, IReadOnlyList<string>? SourceKeys, KnowledgeDate? AsOf, DateOnly? Review);

    private static SectionHeading ReadHeading(string body, HeadingBlock h2, int line, Action<int, string> report)
    {
        var plain = MarkdownPlainText.Inline(h2.Inline);
        var raw = body.Substring(h2.Span.Start, h2.Span.Length);
        if (!raw.Contains('{', StringComparison.Ordinal)
            || Markdown.Parse(raw, HeadingPipeline).FirstOrDefault() is not HeadingBlock reparsed
            || reparsed.TryGetAttributes() is not { } attributes)
        {
            return new SectionHeading(plain, line, null, null, null);
        }

        var text = MarkdownPlainText.Inline(reparsed.Inline);
        if (attributes.Id is not null || attributes.Classes is { Count: > 0 })
        {
            report(line, "heading attributes take the form {src=\"key1,key2\" as_of=YYYY-MM-DD review=YYYY-MM-DD} ('#' and '.' are not used)");
        }

        IReadOnlyList<string>? keys = null;
        KnowledgeDate? asOf = null;
        DateOnly? review = null;
        foreach (var (name, value) in attributes.Properties ?? [])
        {
            switch (name)
            {
                case "src":
                    keys = (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToArray();
                    if (keys.Count == 0)
                    {
                        report(line, $"empty src in section '{text}' (name the keys of the sources that support it, e.g. src=\"reuters,bis-2023-10\")");
                    }

                    break;
                case "as_of":
                    if (KnowledgeDate.TryParse(value, out var date))
                    {
                        asOf = date;
                    }
                    else
                    {
                        report(line, $"malformed date '{value}' for 'as_of' in section '{text}' (expected YYYY-MM-DD or YYYY-MM)");
                    }

                    break;
                case "review":
                    if (value is not null && TryParseFullDate(value, out var day))
                    {
                        review = day;
                    }
                    else
                    {
                        report(line, $"malformed date '{value}' for 'review' in section '{text}' (expected YYYY-MM-DD, the day its facts are due to change)");
                    }

                    break;
                default:
                    report(line, $"unknown heading attribute '{name}' in section '{text}' (expected src, as_of or review)");
                    break;
            }
        }

        return new SectionHeading(text, line, keys, asOf, review);
    }

    /// <summary>The sources a section names, in the order it names them; every source of the file when it names none.</summary>
    private static KnowledgeSource[] SectionSources(SectionHeading heading, FrontMatter frontMatter, Action<int, string> report, Action<int, string, KnowledgeSeverity> warn)
    {
        if (heading.SourceKeys is null)
        {
            warn(heading.Line, $"section '{heading.Text}' names no sources (add {{src=\"key1,key2\"}} to its heading); it cites all {frontMatter.Sources.Count} of the file's sources", KnowledgeSeverity.Compatibility);
            return [.. frontMatter.Sources];
        }

        var resolved = new List<KnowledgeSource>(heading.SourceKeys.Count);
        foreach (var key in heading.SourceKeys)
        {
            if (frontMatter.Sources.FirstOrDefault(s => s.Key == key) is { } source)
            {
                resolved.Add(source);
            }
            else
            {
                var known = frontMatter.Sources.Where(s => s.Key is not null).Select(s => s.Key).ToList();
                report(heading.Line, $"unknown source key '{key}' in section '{heading.Text}' (the file's keys: {(known.Count == 0 ? "none" : string.Join(", ", known))})");
            }
        }

        return [.. resolved];
    }

    /// <summary>Warns about sources no section names, and about a file whose sections all name every source.</summary>
    private static void CheckSourceUse(List<SectionHeading> headings, FrontMatter frontMatter, Action<int, string, KnowledgeSeverity> warn)
    {
        var named = headings.Where(h => h.SourceKeys is not null).ToList();
        if (named.Count < headings.Count)
        {
            // A section without src cites everything: no source is unused.
            return;
        }

        var used = named.SelectMany(h => h.SourceKeys!).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < frontMatter.Sources.Count; i++)
        {
            if (frontMatter.Sources[i].Key is { } key && !used.Contains(key))
            {
                warn(frontMatter.SourceLines[i], $"source '{key}' is not named by any section (add it to the src of the sections it supports, or remove it)", KnowledgeSeverity.Warning);
            }
        }

        var allKeys = frontMatter.Sources.Select(s => s.Key).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (named.Count >= 2 && allKeys.Count >= 2 && named.All(h => allKeys.SetEquals(h.SourceKeys!)))
        {
            warn(named[0].Line, $"every section names all {allKeys.Count} sources; name only the sources that support each section", KnowledgeSeverity.Warning);
        }
    }

    /// <summary>GitHub-style anchor: lower case, letters/digits/hyphens/underscores kept, spaces to hyphens.</summary>
    internal static string Slug(string heading)
    {
        var builder = new StringBuilder(heading.Length);
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_' || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('-');
            }
        }

        return builder.ToString();
    }

    private static string UniqueAnchor(string slug, HashSet<string> used)
    {
        if (used.Add(slug))
        {
            return slug;
        }

        for (var i = 1; ; i++)
        {
            var candidate = $"{slug}-{i}";
            if (used.Add(candidate))
            {
                return candidate;
            }
        }
    }

    private static string Hash(string heading, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(heading + "\n" + text);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
