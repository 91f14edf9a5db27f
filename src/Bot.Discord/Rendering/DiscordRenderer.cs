using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Core.Language;
using Bot.Core.Messages;
using Bot.Discord.Rest;

namespace Bot.Discord.Rendering;

/// <summary>
/// Turns a <see cref="BotReply"/> into Discord messages: text within 2000 characters per message, split on paragraph
/// boundaries in order; the sources block (<see cref="CitationLayout"/>) as markdown after the answer, links without
/// previews; feedback and Sources buttons under the last message.
/// Mention syntax in any text is broken with a zero-width space, so nothing can ping even without allowed_mentions.
/// </summary>
/// <remarks>https://discord.com/developers/docs/resources/message#create-message, https://discord.com/developers/docs/resources/message#embed-object-embed-limits</remarks>
internal static partial class DiscordRenderer
{
    public const int MaxContent = 2000;
    public const int MaxEmbeds = 10;
    public const int MaxEmbedTitle = 256;
    public const int MaxEmbedDescription = 4096;
    public const int MaxEmbedTotal = 6000;
    public const string FeedbackPrefix = "fb";

    /// <summary>Custom id of the Sources button (the answer is the message the button is under).</summary>
    public const string SourcesId = "src";
    private const string Fence = "```";
    private const char ZeroWidthSpace = '\u200B';

    public static IReadOnlyList<OutgoingMessage> Render(BotReply reply, int maxContent = MaxContent)
    {
        var paragraphs = reply.Blocks.Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => Neutralize(b.Trim())).ToList();
        var notes = reply.Notes.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => Neutralize(n.Trim())).ToList();
        if (notes.Count > 0)
        {
            paragraphs.Add(string.Join('\n', notes));
        }

        if (reply.Citations.Count > 0)
        {
            // "Sources:" on a line of its own, then one line per cited file: one paragraph, so it stays in one message.
            var lines = CitationLayout.Lines(reply.Citations, reply.Language).Select(CitationMarkdown);
            paragraphs.Add($"**{Phrases.SourcesHeading(reply.Language)}**\n" + string.Join('\n', lines));
        }

        if (paragraphs.Count == 0)
        {
            paragraphs.Add("…");
        }

        var chunks = Split(paragraphs, maxContent);
        var components = reply.Kind == ReplyKind.Answer && IsSafeCustomIdPart(reply.AnswerId) ? AnswerButtons(reply.AnswerId, reply.Language) : null;
        var messages = new List<OutgoingMessage>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var last = i == chunks.Count - 1;
            // A sensitive reply (a sign-in link) gets no link preview: Discord would fetch the link to build an embed.
            messages.Add(new OutgoingMessage(chunks[i], null, last ? components : null,
                Flags: reply.Sensitive ? OutgoingMessage.SuppressEmbeds : 0));
        }

        return messages;
    }

    /// <summary>"**Title**, as of 30 Jun 2026: [OpenAI](&lt;https://…&gt;) (2024-02-15); Newser (2024-02)": one link at most, no preview.</summary>
    private static string CitationMarkdown(CitationLine line)
    {
        var text = new StringBuilder();
        text.Append("**").Append(Markdown(line.Title)).Append("**, ").Append(Markdown(line.AsOf));
        var linked = false;
        for (var i = 0; i < line.Publications.Count; i++)
        {
            var source = line.Publications[i];
            text.Append(i == 0 ? ": " : "; ");
            if (!linked && line.Link is { } link && source.Url == link && IsWebUrl(link))
            {
                text.Append('[').Append(Markdown(source.Title)).Append("](<").Append(link.AbsoluteUri.Replace(">", "%3E", StringComparison.Ordinal)).Append(">)")
                    .Append(Markdown(CitationLayout.Publication(source)[source.Title.Length..]));
                linked = true;
            }
            else
            {
                text.Append(Markdown(CitationLayout.Publication(source)));
            }
        }

        return text.ToString();
    }

    /// <summary>Text that Discord shows as written: markdown characters escaped, brackets made round, mentions broken.</summary>
    private static string Markdown(string text) =>
        MarkdownSpecial().Replace(Neutralize(text).Replace('[', '(').Replace(']', ')'), m => "\\" + m.Value);

    /// <summary>Breaks <c>@everyone</c>, <c>@here</c> and <c>&lt;@id&gt;</c>/<c>&lt;@&amp;id&gt;</c>/<c>&lt;#id&gt;</c> so they stay text.</summary>
    public static string Neutralize(string text)
    {
        text = EveryoneOrHere().Replace(text, m => "@" + ZeroWidthSpace + m.Value[1..]);
        return MentionSyntax().Replace(text, m => "<" + ZeroWidthSpace + m.Value[1..]);
    }

    /// <summary>Packs paragraphs into messages of at most <paramref name="max"/> characters, in order.</summary>
    public static List<string> Split(IEnumerable<string> paragraphs, int max = MaxContent)
    {
        var pieces = paragraphs.SelectMany(p => p.Length <= max ? [p] : SplitLong(p, max - (2 * (Fence.Length + 1)))).ToList();
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (current.Length > 0 && current.Length + 2 + piece.Length > max)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append("\n\n");
            }

            current.Append(piece);
        }

        if (current.Length > 0)
        {
            chunks.Add(current.ToString());
        }

        return BalanceFences(chunks, max);
    }

    public static JsonArray FeedbackButtons(string answerId) => AnswerButtons(answerId, "en");

    /// <summary>👍, 👎 and Sources (Nguồn) under an answer.</summary>
    public static JsonArray AnswerButtons(string answerId, string language) =>
    [
        new JsonObject
        {
            ["type"] = 1,
            ["components"] = new JsonArray(
                Button("👍", FeedbackId("up", answerId)),
                Button("👎", FeedbackId("down", answerId)),
                new JsonObject { ["type"] = 2, ["style"] = 2, ["label"] = Phrases.Pick(language, "Nguồn", "Sources"), ["custom_id"] = SourcesId }),
        },
    ];

    public static string FeedbackId(string vote, string answerId) => $"{FeedbackPrefix}:{vote}:{answerId}";

    private static JsonObject Button(string emoji, string customId) => new()
    {
        ["type"] = 2,
        ["style"] = 2,
        ["emoji"] = new JsonObject { ["name"] = emoji },
        ["custom_id"] = customId,
    };

    private static bool IsSafeCustomIdPart(string id) => id.Length is > 0 and <= 90 && id.All(c => c is > ' ' and < (char)127);

    private static bool IsWebUrl(Uri u) => u.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..SafeCut(s, max - 1)] + "…";

    /// <summary>A long paragraph: split by lines, then at sentence ends or spaces, never inside a surrogate pair.</summary>
    private static IEnumerable<string> SplitLong(string text, int max)
    {
        var rest = text;
        while (rest.Length > max)
        {
            var window = rest[..max];
            var cut = window.LastIndexOf('\n');
            if (cut < max / 2)
            {
                cut = Math.Max(window.LastIndexOf(". ", StringComparison.Ordinal), window.LastIndexOf("? ", StringComparison.Ordinal)) + 1;
            }

            if (cut < max / 2)
            {
                cut = window.LastIndexOf(' ');
            }

            if (cut < max / 2)
            {
                cut = SafeCut(rest, max);
            }

            yield return rest[..cut].TrimEnd();
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    private static int SafeCut(string s, int at) => at > 0 && at < s.Length && char.IsLowSurrogate(s[at]) ? at - 1 : at;

    /// <summary>A code block cut between two messages is closed at the end of one and reopened at the start of the next.</summary>
    private static List<string> BalanceFences(List<string> chunks, int max)
    {
        var open = false;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = open ? Fence + "\n" + chunks[i] : chunks[i];
            var fences = CountOf(chunks[i], Fence);
            var endsOpen = open ^ (fences % 2 == 1);
            if (endsOpen && i < chunks.Count - 1)
            {
                chunk += "\n" + Fence;
            }

            chunks[i] = chunk.Length <= max ? chunk : chunks[i];
            open = endsOpen;
        }

        return chunks;
    }

    private static int CountOf(string s, string what)
    {
        var count = 0;
        for (var i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex(@"[\\*_~`|>]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownSpecial();

    [GeneratedRegex(@"@(everyone|here)\b", RegexOptions.CultureInvariant)]
    private static partial Regex EveryoneOrHere();

    [GeneratedRegex(@"<(@[!&]?|#)\d+>", RegexOptions.CultureInvariant)]
    private static partial Regex MentionSyntax();
}
