using System.Globalization;
using System.Text;
using Bot.Knowledge.Model;
using Bot.Knowledge.Text;

namespace Bot.Knowledge.Search;

/// <summary>
/// Which words are names, learned from how the knowledge writes them: a word (as an index term) is a name when, in
/// the middle of a sentence, it is written with a capital letter more often than without ("Nvidia", "Sora", "GPT",
/// "Huawei", "Trung Quốc"), the grammar of both English and Vietnamese.
/// </summary>
/// <remarks>
/// Words at the start of a sentence, a heading, a line or a list item say nothing (every word is capitalised there),
/// so only mid-sentence uses are counted. Numbers are never names, and neither are the words the knowledge mostly
/// writes before a year ("February 2024", "Q3 2025"): they date a fact, they do not name what it is about. A word in
/// lower case inside an identifier ("deepseek-chat") is code, not prose, and is not counted either.
/// </remarks>
internal static class ProperNames
{
    /// <summary>How the knowledge writes a word in mid-sentence.</summary>
    public enum NameUse : byte
    {
        /// <summary>Never in mid-sentence (only at the start of sentences, headings or items, or not as a word at all).</summary>
        Unseen,

        /// <summary>Mostly with a capital, and not mostly before a year: a name.</summary>
        Name,

        /// <summary>A name the knowledge never writes in lower case in mid-sentence ("Gemini", "Kling").</summary>
        OnlyName,

        /// <summary>Mostly in lower case, or a date word: not a name.</summary>
        Word,
    }

    /// <summary>For each term id of <paramref name="terms"/>: how the knowledge writes it.</summary>
    public static NameUse[] Learn(IReadOnlyList<KnowledgeSection> sections, IReadOnlyDictionary<string, int> terms)
    {
        var capitalised = new int[terms.Count];
        var lower = new int[terms.Count];
        var beforeYear = new int[terms.Count];
        var termOfWord = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            Count(section.Heading);
            Count(section.Text);
        }

        var names = new NameUse[terms.Count];
        for (var t = 0; t < names.Length; t++)
        {
            names[t] = capitalised[t] + lower[t] == 0 ? NameUse.Unseen
                : capitalised[t] > lower[t] && beforeYear[t] * 2 < capitalised[t] + lower[t] ? (lower[t] == 0 ? NameUse.OnlyName : NameUse.Name)
                : NameUse.Word;
        }

        return names;

        void Count(string text)
        {
            var words = Words(text).ToList();
            for (var w = 0; w < words.Count; w++)
            {
                var (word, upper, sentenceStart, code) = words[w];
                if (sentenceStart || code)
                {
                    continue;
                }

                if (!termOfWord.TryGetValue(word, out var id))
                {
                    id = -1;
                    var content = KnowledgeText.ContentTerms(word);
                    if (content.Count == 1 && !IsNumber(content[0]) && terms.TryGetValue(content[0], out var found))
                    {
                        id = found;
                    }

                    termOfWord[word] = id;
                }

                if (id >= 0)
                {
                    (upper ? capitalised : lower)[id]++;
                    if (w + 1 < words.Count && IsYear(words[w + 1].Word))
                    {
                        beforeYear[id]++;
                    }
                }
            }
        }
    }

    /// <summary>Whether a word is used as a name (<see cref="NameUse.Name"/> or <see cref="NameUse.OnlyName"/>).</summary>
    public static bool IsName(NameUse use) => use is NameUse.Name or NameUse.OnlyName;

    /// <summary>
    /// The words of a text (runs of letters and digits, NFC): whether each starts with a capital letter, whether it
    /// opens a sentence, a line or a list item (see <see cref="WordCursor"/>), and whether it is part of an identifier
    /// written in lower case, joined to the next or previous run by a hyphen, underscore, dot or slash ("deepseek-chat",
    /// "deepseek-reasoner": an API model name says nothing about how prose writes the word).
    /// </summary>
    public static IReadOnlyList<(string Word, bool Capitalised, bool SentenceStart, bool Code)> Words(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var words = new List<(string, bool, bool, bool)>();
        var cursor = new WordCursor(normalized);
        while (cursor.Next())
        {
            var end = cursor.Start + cursor.Length;
            var code = !cursor.Capitalised && (Joins(normalized, end) || Joins(normalized, cursor.Start - 1));
            words.Add((normalized.Substring(cursor.Start, cursor.Length), cursor.Capitalised, cursor.SentenceStart, code));
        }

        return words;

        // A joining mark at i between two runs of lower-case letters or digits.
        static bool Joins(string text, int i) =>
            i > 0 && i + 1 < text.Length && text[i] is '-' or '_' or '.' or '/' &&
            IsLowerOrDigit(text[i - 1]) && IsLowerOrDigit(text[i + 1]);

        static bool IsLowerOrDigit(char c) => char.IsLower(c) || char.IsDigit(c);
    }

    /// <summary>
    /// Walks the words of a text (runs of letters and digits) without allocating. A word opens a sentence when nothing
    /// but <c>. ! ? :</c>, a line break, white space or Markdown list and heading marks stands before it.
    /// </summary>
    public ref struct WordCursor(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _at;
        private bool _atStart = true;

        public int Start { get; private set; }

        public int Length { get; private set; }

        public bool Capitalised { get; private set; }

        public bool SentenceStart { get; private set; }

        public readonly ReadOnlySpan<char> Word => _text.Slice(Start, Length);

        public bool Next()
        {
            while (_at < _text.Length && !IsWordChar(_text[_at]))
            {
                var c = _text[_at++];
                if (c is '.' or '!' or '?' or ':' or '\n')
                {
                    _atStart = true;
                }
                else if (!char.IsWhiteSpace(c) && c is not ('-' or '*' or '#' or '>' or '|' or '+'))
                {
                    _atStart = false;
                }
            }

            if (_at >= _text.Length)
            {
                return false;
            }

            Start = _at;
            while (_at < _text.Length && IsWordChar(_text[_at]))
            {
                _at++;
            }

            Length = _at - Start;
            Capitalised = char.IsUpper(_text[Start]);
            SentenceStart = _atStart;
            _atStart = false;
            return true;
        }
    }

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark;

    private static bool IsNumber(string term) => term.All(char.IsAsciiDigit);

    /// <summary>Whether a word is made of letters only (no digits: "FY2025" and "H20" are codes, not names).</summary>
    public static bool IsLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) is not UnicodeCategory.NonSpacingMark)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsYear(string word) => word.Length == 4 && IsNumber(word) && word[0] is '1' or '2';
}
