using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Language;

namespace Bot.Core.Llm;

/// <summary>What became of a model reply after the safety checks.</summary>
internal enum ReplyOutcome
{
    /// <summary>Usable: blocks and cited items are set.</summary>
    Answer,

    /// <summary>The model said the context does not hold the answer.</summary>
    NoAnswer,

    /// <summary>Empty, in the wrong language, or echoing the instructions: the extractive answer serves instead.</summary>
    Unusable,
}

/// <param name="Cited">Context item numbers actually cited, in order of first citation (renumbered 1..n in the text).</param>
internal sealed record ProcessedReply(ReplyOutcome Outcome, IReadOnlyList<string> Blocks, IReadOnlyList<int> Cited, string? Problem)
{
    public static ProcessedReply Unusable(string problem) => new(ReplyOutcome.Unusable, [], [], problem);
}

/// <summary>
/// Everything done to a model's text before a user sees it. Pure and deterministic: the model is treated as untrusted
/// input. Citations are renumbered to the order the sources will be listed in; made-up ones are dropped; mentions
/// cannot ping; text that repeats the instructions is refused; the language is checked.
/// </summary>
internal static partial class AnswerPostProcessor
{
    private const int ShingleWords = 6;
    private const string ZeroWidthSpace = "\u200B";

    private static readonly HashSet<ulong> InstructionShingles = [.. Shingles(LlmPrompts.SystemPrompt), .. Shingles(LlmPrompts.RewritePrompt)];

    /// <param name="text">The model's reply.</param>
    /// <param name="contextCount">How many numbered items the model was given.</param>
    /// <param name="language"><c>vi</c> or <c>en</c>: the language the answer must be in.</param>
    /// <param name="maxChars">The longest answer passed on; longer text is cut at a sentence end.</param>
    /// <param name="truncated">True when the model stopped at its token limit (the last sentence may be unfinished).</param>
    public static ProcessedReply Process(string? text, int contextCount, string language, int maxChars, bool truncated)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ProcessedReply.Unusable("empty reply");
        }

        text = ThinkBlock().Replace(text, " ").Trim();
        if (NoAnswer().IsMatch(text))
        {
            return new ProcessedReply(ReplyOutcome.NoAnswer, [], [], null);
        }

        if (text.Length == 0)
        {
            return ProcessedReply.Unusable("empty reply");
        }

        if (EchoesInstructions(text))
        {
            return ProcessedReply.Unusable("reply repeats the instructions");
        }

        text = StripMarkup(text);
        var cited = new List<int>();
        text = Citation().Replace(text, m => Renumber(m, contextCount, cited));
        text = SpaceBeforeCitation().Replace(text, " [");
        text = NeutraliseMentions(text);
        text = SpaceBeforePunctuation().Replace(text, "$1");

        if (truncated || text.Length > maxChars)
        {
            text = CutAtSentence(text, Math.Min(maxChars, text.Length));
        }

        var blocks = text.ReplaceLineEndings("\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => MultipleSpaces().Replace(b, " "))
            .Where(b => b.Any(char.IsLetterOrDigit))
            .ToList();
        if (blocks.Count == 0)
        {
            return ProcessedReply.Unusable("nothing left after clean-up");
        }

        var plain = Citation().Replace(string.Join(" ", blocks), " ");
        var detected = LanguageDetector.Detect(plain, fallback: language);
        if (detected != language)
        {
            return ProcessedReply.Unusable($"reply is in '{detected}', asked for '{language}'");
        }

        return new ProcessedReply(ReplyOutcome.Answer, blocks, cited, null);
    }

    /// <summary>
    /// Makes @everyone, @here, @username (Telegram), Discord's &lt;@id&gt;, &lt;@!id&gt;, &lt;@&amp;role&gt; and
    /// &lt;#channel&gt; forms inert by putting a zero-width space after the @ or #.
    /// </summary>
    public static string NeutraliseMentions(string text)
    {
        text = text.Replace("\uFF20", "@", StringComparison.Ordinal); // full-width @
        text = DiscordTag().Replace(text, m => "<" + ZeroWidthSpace + m.Value[1..]);
        return AtWord().Replace(text, "@" + ZeroWidthSpace);
    }

    /// <summary>True when the text repeats a run of <see cref="ShingleWords"/> words of the bot's instructions.</summary>
    public static bool EchoesInstructions(string text) => Shingles(text).Any(InstructionShingles.Contains);

    private static string Renumber(Match match, int contextCount, List<int> cited)
    {
        var numbers = new List<int>();
        foreach (var part in match.Groups[2].Value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= contextCount)
            {
                if (!cited.Contains(n))
                {
                    cited.Add(n);
                }

                var shown = cited.IndexOf(n) + 1;
                if (!numbers.Contains(shown))
                {
                    numbers.Add(shown);
                }
            }
        }

        return numbers.Count == 0 ? "" : match.Groups[1].Value + string.Concat(numbers.Select(n => "[" + n.ToString(CultureInfo.InvariantCulture) + "]"));
    }

    private static string StripMarkup(string text)
    {
        text = Heading().Replace(text, "");
        text = Emphasis().Replace(text, "");
        return MarkdownLink().Replace(text, "$1");
    }

    private static string CutAtSentence(string text, int max)
    {
        var head = text[..max];
        var end = Math.Max(head.LastIndexOf(". ", StringComparison.Ordinal), Math.Max(head.LastIndexOf(".\n", StringComparison.Ordinal), head.LastIndexOf("] ", StringComparison.Ordinal)));
        if (head.EndsWith('.') || head.EndsWith(']'))
        {
            end = head.Length - 1;
        }

        return end > max / 3 ? head[..(end + 1)].TrimEnd() + " …" : head.TrimEnd() + "…";
    }

    /// <summary>A 64-bit hash of every run of <see cref="ShingleWords"/> words (letters and digits, lower-cased).</summary>
    private static List<ulong> Shingles(string text)
    {
        var words = new List<ulong>();
        var hash = 14695981039346656037UL;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
                inWord = true;
            }
            else if (inWord)
            {
                words.Add(hash);
                hash = 14695981039346656037UL;
                inWord = false;
            }
        }

        if (inWord)
        {
            words.Add(hash);
        }

        var shingles = new List<ulong>(Math.Max(0, words.Count - ShingleWords + 1));
        for (var i = 0; i + ShingleWords <= words.Count; i++)
        {
            var shingle = 0UL;
            for (var j = 0; j < ShingleWords; j++)
            {
                shingle = (shingle * 31) + words[i + j];
            }

            shingles.Add(shingle);
        }

        return shingles;
    }

    [GeneratedRegex(@"<think>.*?(</think>|$)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"\bNO[_ ]ANSWER\b")]
    private static partial Regex NoAnswer();

    // [1], [1, 2], [1][2], [ 3 ] and the full-width brackets some models use.
    [GeneratedRegex(@"(\s?)[\[【]\s*(\d{1,4}(?:\s*[,;]\s*\d{1,4})*)\s*[\]】]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"(?<=[^\s\[\]])\[(?=\d)")]
    private static partial Regex SpaceBeforeCitation();

    [GeneratedRegex(@"\s+([.,;:!?])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"<(@[!&]?|#)\s*\d")]
    private static partial Regex DiscordTag();

    [GeneratedRegex(@"@(?=[\p{L}\p{N}_])")]
    private static partial Regex AtWord();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\*\*|__|`")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\[([^\]\n]+)\]\((?:https?://)?[^)\s]*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex MultipleSpaces();
}
