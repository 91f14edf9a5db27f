using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Knowledge.Model;
using Markdig;
using Markdig.Syntax;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Bot.Knowledge.Loading;

/// <summary>The outcome of parsing one file: the document when it is valid, and every problem found.</summary>
/// <param name="IdLine">Line of the <c>id</c> key, for the duplicate check across files.</param>
internal sealed record ParsedFile(string Path, KnowledgeDocument? Document, int IdLine, IReadOnlyList<KnowledgeDiagnostic> Diagnostics);

/// <summary>Parses and validates one knowledge file (front matter + <c>##</c> sections).</summary>
internal static partial class KnowledgeFileParser
{
    /// <summary>Files above this size are refused: a knowledge file is one subject, not a book.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex FullDatePattern();

    [GeneratedRegex(@"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceDatePattern();

    public static ParsedFile Parse(string path, ReadOnlySpan<byte> bytes)
    {
        var diagnostics = new List<KnowledgeDiagnostic>();
        void Report(int line, string message) => diagnostics.Add(new KnowledgeDiagnostic(path, line, message));

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

        var frontMatter = ParseFrontMatter(string.Join('\n', lines[1..close]), Report);
        var sections = ParseBody(path, string.Join('\n', lines[(close + 1)..]), close + 2, frontMatter, Report);

        if (diagnostics.Count > 0 || frontMatter is null)
        {
            return new ParsedFile(path, null, frontMatter?.IdLine ?? 0, diagnostics);
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
            sections);
        return new ParsedFile(path, document, frontMatter.IdLine, diagnostics);
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
        IReadOnlyList<KnowledgeSource> Sources,
        IReadOnlyList<string> Tags,
        IReadOnlyList<string> Aliases);

    /// <summary>Validates the front matter; returns null when a required value is missing or wrong (all reported).</summary>
    private static FrontMatter? ParseFrontMatter(string yaml, Action<int, string> report)
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

        var sources = new List<KnowledgeSource>();
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

        return new FrontMatter(id, LineOf("id"), title, lang, topic, updated, sources, tags, aliases);
    }

    private static bool TryParseSource(YamlNode item, Action<int, string> report, Func<Mark, int> fileLine, List<KnowledgeSource> sources)
    {
        if (item is not YamlMappingNode map)
        {
            report(fileLine(item.Start), "a source must have 'title:' and 'date:' (and optionally 'url:')");
            return false;
        }

        string? title = null, date = null;
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
            sources.Add(new KnowledgeSource(title, date, url));
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

    private static List<KnowledgeSection> ParseBody(string path, string body, int firstLine, FrontMatter? frontMatter, Action<int, string> report)
    {
        var document = Markdown.Parse(body, Pipeline);
        var pending = new List<(string Heading, int Line, List<Block> Blocks)>();
        var sawTitle = false;
        var reportedStray = false;

        foreach (var block in document)
        {
            if (block is HeadingBlock { Level: 2 } h2)
            {
                pending.Add((MarkdownPlainText.Inline(h2.Inline), h2.Line + firstLine, []));
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
        foreach (var (heading, line, blocks) in pending)
        {
            var text = MarkdownPlainText.Render(blocks);
            if (heading.Length == 0)
            {
                report(line, "section heading is empty (write a title after '## ')");
                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                report(line, $"empty section '{heading}' (write its text or remove the heading)");
                continue;
            }

            var anchor = UniqueAnchor(Slug(heading), anchors);
            if (frontMatter is null)
            {
                continue;
            }

            sections.Add(new KnowledgeSection(
                Key: $"{path}#{anchor}",
                Path: path,
                DocumentId: frontMatter.Id,
                DocumentTitle: frontMatter.Title,
                Lang: frontMatter.Lang,
                Topic: frontMatter.Topic,
                Heading: heading,
                Anchor: anchor,
                Text: text,
                Line: line,
                Updated: frontMatter.Updated,
                Sources: frontMatter.Sources,
                Tags: frontMatter.Tags,
                Aliases: frontMatter.Aliases,
                ContentHash: Hash(heading, text)));
        }

        return sections;
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
