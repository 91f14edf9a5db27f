using System.Buffers;
using System.Globalization;
using System.Text;

namespace Bot.Knowledge.Text;

/// <summary>What an analysis term is, which decides how it counts.</summary>
internal enum TermKind
{
    /// <summary>A content word (folded, lightly stemmed); counts for score and coverage.</summary>
    Word,

    /// <summary>A number (leading zeros removed, so "02" and "2" meet); counts for score and coverage.</summary>
    Number,

    /// <summary>A normalised date (<c>2024-02-15</c> or <c>2024-02</c>); counts for score only.</summary>
    Date,

    /// <summary>Two adjacent words joined with an underscore (<c>xuat_khau</c>); counts for score only.</summary>
    Bigram,
}

/// <summary>Receives the terms of an analysed text, one by one, without allocating strings.</summary>
internal interface ITermSink
{
    void Add(ReadOnlySpan<char> term, TermKind kind);
}

/// <summary>
/// The text analysis shared by the index, the answerer and the language detector, so that a question and the
/// knowledge meet on the same terms.
/// </summary>
/// <remarks>
/// <para>Folding: case folding (invariant lower case), Vietnamese diacritic folding (<c>đ</c> to <c>d</c>, combining
/// marks stripped after canonical decomposition). Precomposed (NFC) and decomposed (NFD) input fold to the same text,
/// so <c>xuat khau</c>, <c>xuất khẩu</c> and <c>XUẤT KHẨU</c> are one.</para>
/// <para>Terms: runs of letters and digits. Stop words of both languages are left out, except a word written in
/// capitals in a text that is not (an acronym: "CAC" is not the Vietnamese "các", "US" not "us"). English words get a
/// light, conservative normalisation (plural and possessive <c>-s</c>/<c>-es</c>/<c>-ies</c>, <c>-ed</c>/<c>-ing</c>
/// on long enough stems, a final <c>e</c>) applied the same way to questions and knowledge. Numbers lose leading zeros.
/// Dates written <c>2024-02-15</c>, <c>2024/2/15</c>, <c>15/2/2024</c>, <c>2024-02</c> or <c>2/2024</c> also give a
/// normalised date term (<c>2024-02-15</c>, <c>2024-02</c>). Adjacent words (separated by spaces only, or joined by a
/// hyphen inside a name such as "Hunyuan-Large") also give a bigram term such as <c>xuat_khau</c>, which rewards
/// Vietnamese compound words and English phrases; so do a word and the number after it (<c>sora_2</c>). A version or
/// decimal ("4.5") is a number term of its own besides its parts, and so is a code with one ("K2.5", beside "k2" and
/// "5"), and so is a dotted name ("01.AI", "Z.ai"). British spellings and English month abbreviations meet their
/// American and full forms.</para>
/// </remarks>
public static class KnowledgeText
{
    private const int MaxStackChars = 512;
    private const int MaxTermLength = 64;

    // Folded form of every char below this bound, computed once; '\0' means "drop" (a combining mark).
    private const int FoldTableSize = 0x2000;
    private static readonly char[] FoldTable = BuildFoldTable();

    private static readonly HashSet<string> StopWordSet = new(StringComparer.Ordinal)
    {
        // English
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with", "from", "into",
        "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "it", "its", "this", "that",
        "these", "those", "do", "does", "did", "done", "what", "when", "where", "which", "who", "whom", "whose",
        "why", "how", "s", "t", "i", "you", "he", "she", "we", "they", "me", "my", "your", "our", "their", "his",
        "her", "them", "us", "there", "than", "then", "so", "not", "no", "can", "could", "would", "should", "will",
        "shall", "might", "has", "have", "had", "any", "some", "if", "also", "just", "please", "tell",
        "know", "get", "got", "did", "does", "ever", "yet", "still", "very", "much", "more", "most",
        // Vietnamese, folded
        "la", "cua", "va", "cac", "nhung", "mot", "nhu", "the", "nao", "khi", "gi", "thi", "sao", "co", "khong",
        "duoc", "da", "dang", "se", "bi", "cho", "voi", "trong", "nay", "ay", "do", "ve", "ma", "lam", "oi",
        "nhe", "vay", "hay", "hoac", "den", "tai", "o", "nhi", "a", "u", "ha", "ah", "minh", "toi", "em", "anh",
        "chi", "cai", "con", "roi", "chua", "nua", "cung", "rang", "thoi", "luc", "vao",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWords =
        StopWordSet.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Folds text: lower case, no diacritics (Vietnamese <c>đ</c> becomes <c>d</c>); NFC and NFD give the same result.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char[]? rented = null;
        var buffer = text.Length <= MaxStackChars ? stackalloc char[MaxStackChars] : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        try
        {
            var length = Fold(text, buffer);
            return new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The analysis terms of a text, in order: content words and numbers, normalised dates and word bigrams
    /// (see the remarks on <see cref="KnowledgeText"/>). Stop words are left out.
    /// </summary>
    public static IReadOnlyList<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new ListSink(includeScoreOnly: true);
        Analyze(text, sink);
        return sink.Terms;
    }

    /// <summary>
    /// The content terms of a text only (words and numbers, stop words left out; no bigrams or date terms):
    /// the terms that <see cref="Bot.Knowledge.Search.SearchHit.Coverage"/> counts.
    /// </summary>
    public static IReadOnlyList<string> ContentTerms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new ListSink(includeScoreOnly: false);
        Analyze(text, sink);
        return sink.Terms;
    }

    /// <summary>Whether a folded word is a stop word of English or Vietnamese (e.g. <c>the</c>, <c>khi</c>, <c>nao</c>).</summary>
    public static bool IsStopWord(string foldedWord)
    {
        ArgumentNullException.ThrowIfNull(foldedWord);
        return StopWordSet.Contains(foldedWord);
    }

    /// <summary>Folds <paramref name="text"/> into <paramref name="destination"/> (at least as long); returns the length written.</summary>
    internal static int Fold(ReadOnlySpan<char> text, Span<char> destination)
    {
        var n = 0;
        foreach (var c in text)
        {
            char f;
            if (c < FoldTableSize)
            {
                f = FoldTable[c];
                if (f == '\0')
                {
                    continue;
                }
            }
            else if (char.IsSurrogate(c))
            {
                f = c;
            }
            else
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
                {
                    continue;
                }

                f = char.ToLowerInvariant(c);
            }

            destination[n++] = f;
        }

        return n;
    }

    /// <summary>Analyses text and hands every term to the sink.</summary>
    internal static void Analyze(ReadOnlySpan<char> text, ITermSink sink)
    {
        char[]? rented = null;
        var folded = text.Length <= MaxStackChars ? stackalloc char[MaxStackChars] : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        try
        {
            var length = Fold(text, folded);
            // Case survives folding only where the text keeps one character per character (NFC, as questions arrive).
            Tokenize(folded[..length], length == text.Length && HasLowerCase(text) ? text : [], sink);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool HasLowerCase(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsLower(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a word is written in capitals in a text that is not: an acronym ("CAC", "US"), never the stop word it
    /// folds to ("các", "us").
    /// </summary>
    private static bool IsAcronym(ReadOnlySpan<char> word)
    {
        if (word.Length < 2)
        {
            return false;
        }

        foreach (var c in word)
        {
            if (c is < 'A' or > 'Z')
            {
                return false;
            }
        }

        return true;
    }

    private static void Tokenize(ReadOnlySpan<char> s, ReadOnlySpan<char> original, ITermSink sink)
    {
        Span<char> stem = stackalloc char[MaxTermLength];
        Span<char> previous = stackalloc char[MaxTermLength];
        Span<char> pair = stackalloc char[(MaxTermLength * 2) + 1];
        Span<char> date = stackalloc char[10];
        var previousLength = 0;
        var previousIsStop = false;
        var i = 0;
        var onlySpacesSincePrevious = false;

        while (i < s.Length)
        {
            var c = s[i];
            if (!char.IsLetterOrDigit(c))
            {
                // A dotted name ("01.AI", "Z.ai") is one name: a term of its own besides its parts.
                var dotJoins = DotJoins(s, i, out var dotted);
                if (dotJoins)
                {
                    sink.Add(dotted, TermKind.Word);
                }

                // A hyphen inside a word joins a compound name ("Hunyuan-Large", "DeepSeek-V3"), as the point of a dotted
                // name does: its parts make a pair.
                var joins = dotJoins || (c == '-' && i > 0 && i + 1 < s.Length && char.IsLetterOrDigit(s[i - 1]) && char.IsLetterOrDigit(s[i + 1]));
                if (!char.IsWhiteSpace(c) && !joins)
                {
                    onlySpacesSincePrevious = false;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < s.Length && char.IsLetterOrDigit(s[i]))
            {
                i++;
            }

            var token = s[start..i];
            if (token.Length > MaxTermLength)
            {
                previousLength = 0;
                onlySpacesSincePrevious = false;
                continue;
            }

            if (IsAllDigits(token))
            {
                var isDate = TryMatchDate(s, start, date, out var dateLength, out var monthLength);
                if (isDate)
                {
                    sink.Add(date[..dateLength], TermKind.Date);
                    if (monthLength > 0 && monthLength != dateLength)
                    {
                        sink.Add(date[..monthLength], TermKind.Date);
                    }
                }

                var versionLength = isDate ? 0 : VersionLength(s, start, i);
                if (versionLength > 0)
                {
                    sink.Add(s.Slice(start, versionLength), TermKind.Number);
                }

                var digits = token.TrimStart('0');
                sink.Add(digits.IsEmpty ? "0" : digits, TermKind.Number);

                // A name and the number after it ("Sora 2", "Ernie 4.5", "tháng 10") also make a pair, so "Sora 2"
                // does not match every "2" of a date in February.
                if (previousLength > 0 && onlySpacesSincePrevious && !previousIsStop && !isDate)
                {
                    var number = versionLength > 0 ? s.Slice(start, versionLength) : digits.IsEmpty ? "0" : digits;
                    if (previousLength + 1 + number.Length <= pair.Length)
                    {
                        previous[..previousLength].CopyTo(pair);
                        pair[previousLength] = '_';
                        number.CopyTo(pair[(previousLength + 1)..]);
                        sink.Add(pair[..(previousLength + 1 + number.Length)], TermKind.Bigram);
                    }
                }

                previousLength = 0;
                onlySpacesSincePrevious = false;
                continue;
            }

            var isStop = StopWords.Contains(token) && (original.IsEmpty || !IsAcronym(original[start..i]));
            var stemLength = 0;
            if (!isStop)
            {
                stemLength = Stem(token, stem);
                sink.Add(stem[..stemLength], TermKind.Word);
            }

            // A code with a decimal version ("K2.5", "V3.2", "Qwen2.5") is a term of its own, as "4.5" is: "K2.5" is
            // not "K2".
            var codeDigits = i;
            while (codeDigits > start && s[codeDigits - 1] is >= '0' and <= '9')
            {
                codeDigits--;
            }

            if (codeDigits > start && codeDigits < i && VersionLength(s, codeDigits, i) is > 0 and var codeVersion)
            {
                sink.Add(s.Slice(start, codeDigits - start + codeVersion), TermKind.Word);
            }

            var current = isStop ? token : stem[..stemLength];
            if (previousLength > 0 && onlySpacesSincePrevious && !(isStop && previousIsStop))
            {
                previous[..previousLength].CopyTo(pair);
                pair[previousLength] = '_';
                current.CopyTo(pair[(previousLength + 1)..]);
                sink.Add(pair[..(previousLength + 1 + current.Length)], TermKind.Bigram);
            }

            current.CopyTo(previous);
            previousLength = current.Length;
            previousIsStop = isStop;
            onlySpacesSincePrevious = true;
        }
    }

    /// <summary>
    /// The length of a version or decimal written with a point ("4.5" in "Ernie 4.5", "2.1" in "Wan 2.1", "13.6"):
    /// the digits at <paramref name="start"/>..<paramref name="end"/>, a point and one more run of digits that is not
    /// followed by another point and digit, nor preceded by a point (a date such as 15.2.2024, a version such as
    /// 1.82.0). 0 when the number is not written so. Both parts also count as numbers of their own; the whole is the
    /// term that tells "Ernie 4.5" from "Ernie 5.0".
    /// </summary>
    private static int VersionLength(ReadOnlySpan<char> s, int start, int end)
    {
        if (end + 1 >= s.Length || s[end] != '.' || s[end + 1] is < '0' or > '9' || end - start > 4 || (start > 0 && s[start - 1] == '.'))
        {
            return 0;
        }

        var i = end + 1;
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            i++;
        }

        if (i - start > MaxTermLength || (i < s.Length && (char.IsLetter(s[i]) || (s[i] == '.' && i + 1 < s.Length && s[i + 1] is >= '0' and <= '9'))))
        {
            return 0;
        }

        return i - start;
    }

    /// <summary>
    /// Whether the point at <paramref name="at"/> joins the parts of a dotted name ("01.AI", "Z.ai", "Character.AI"),
    /// given as <paramref name="name"/>: letters or digits before it, a letter right after it, and not initials ("U.S.",
    /// "e.g.": one letter each side).
    /// </summary>
    private static bool DotJoins(ReadOnlySpan<char> s, int at, out ReadOnlySpan<char> name)
    {
        name = default;
        if (s[at] != '.' || at == 0 || at + 1 >= s.Length || !char.IsLetterOrDigit(s[at - 1]) || !char.IsLetter(s[at + 1]))
        {
            return false;
        }

        var left = at - 1;
        while (left > 0 && char.IsLetterOrDigit(s[left - 1]))
        {
            left--;
        }

        var right = at + 1;
        while (right < s.Length && char.IsLetterOrDigit(s[right]))
        {
            right++;
        }

        name = s[left..right];
        return (at - left > 1 || right - (at + 1) > 1) && name.Length <= MaxTermLength;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Recognises a date starting at <paramref name="start"/>: Y-M-D, Y/M/D, Y.M.D, D/M/Y, D-M-Y, D.M.Y, Y-M and M/Y
    /// (Vietnamese and European order: day before month). Writes <c>yyyy-mm-dd</c> (or <c>yyyy-mm</c>) to
    /// <paramref name="output"/>; <paramref name="monthLength"/> is the length of its <c>yyyy-mm</c> prefix.
    /// </summary>
    private static bool TryMatchDate(ReadOnlySpan<char> s, int start, Span<char> output, out int length, out int monthLength)
    {
        length = 0;
        monthLength = 0;
        Span<int> values = stackalloc int[3];
        Span<int> widths = stackalloc int[3];
        var count = 0;
        var separator = '\0';
        var i = start;
        while (count < 3)
        {
            var digitStart = i;
            var value = 0;
            while (i < s.Length && s[i] is >= '0' and <= '9' && i - digitStart < 5)
            {
                value = (value * 10) + (s[i] - '0');
                i++;
            }

            var width = i - digitStart;
            if (width == 0)
            {
                break;
            }

            values[count] = value;
            widths[count] = width;
            count++;
            if (count == 3 || i + 1 >= s.Length || s[i] is not ('-' or '/' or '.') || s[i + 1] is < '0' or > '9')
            {
                break;
            }

            if (separator != '\0' && s[i] != separator)
            {
                break;
            }

            separator = s[i];
            i++;
        }

        if (i < s.Length && char.IsLetterOrDigit(s[i]))
        {
            return false;
        }

        int year, month, day = 0;
        if (count == 3 && widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2)
        {
            (year, month, day) = (values[0], values[1], values[2]);
        }
        else if (count == 3 && widths[2] == 4 && widths[0] <= 2 && widths[1] <= 2)
        {
            (year, month, day) = (values[2], values[1], values[0]);
        }
        else if (count == 2 && widths[0] == 4 && widths[1] <= 2 && separator != '.')
        {
            (year, month) = (values[0], values[1]);
        }
        else if (count == 2 && widths[1] == 4 && widths[0] <= 2 && separator == '/')
        {
            (year, month) = (values[1], values[0]);
        }
        else
        {
            return false;
        }

        if (year < 1000 || month is < 1 or > 12 || (day != 0 && day > DateTime.DaysInMonth(year, month)))
        {
            return false;
        }

        year.TryFormat(output, out _, "D4", CultureInfo.InvariantCulture);
        output[4] = '-';
        month.TryFormat(output[5..], out _, "D2", CultureInfo.InvariantCulture);
        monthLength = 7;
        length = 7;
        if (day != 0)
        {
            output[7] = '-';
            day.TryFormat(output[8..], out _, "D2", CultureInfo.InvariantCulture);
            length = 10;
        }

        return true;
    }

    /// <summary>
    /// Light English normalisation, applied only to ASCII words long enough that Vietnamese syllables (which never end
    /// in s, ed or ing) are untouched. Both sides of a match go through it, so a shared stem is all that matters.
    /// </summary>
    private static int Stem(ReadOnlySpan<char> word, Span<char> output)
    {
        if (MonthNames.TryGetValue(word, out var month))
        {
            month.CopyTo(output);
            return month.Length;
        }

        word.CopyTo(output);
        var n = word.Length;
        if (n < 4 || !Ascii.IsValid(word))
        {
            return n;
        }

        // Plurals and possessives (the apostrophe has split "openai's" already). "-us" stays ("status", "virus")
        // unless nothing before it is a vowel, as in acronyms ("gpus", "tpus").
        if (n >= 5 && EndsWith(output, n, "ies"))
        {
            n -= 3;
            output[n++] = 'y';
        }
        else if (n >= 5 && EndsWith(output, n, "sses"))
        {
            n -= 2;
        }
        else if (n >= 5 && (EndsWith(output, n, "ches") || EndsWith(output, n, "shes") || EndsWith(output, n, "xes") || EndsWith(output, n, "zes")))
        {
            n -= 2;
        }
        else if (output[n - 1] == 's' && !EndsWith(output, n, "ss") && !EndsWith(output, n, "is")
            && (!EndsWith(output, n, "us") || !HasVowel(output[..(n - 2)])))
        {
            n -= 1;
        }

        // -ing / -ed with a stem of at least four letters that holds a vowel ("launching", "restricted").
        if (n >= 7 && EndsWith(output, n, "ing") && HasVowel(output[..(n - 3)]))
        {
            n = Undouble(output, n - 3);
        }
        else if (n >= 6 && EndsWith(output, n, "ed") && !EndsWith(output, n, "eed") && HasVowel(output[..(n - 2)]))
        {
            n = Undouble(output, n - 2);
        }

        // A final silent e ("release", "released" and "releases" all become "releas").
        if (n >= 5 && output[n - 1] == 'e')
        {
            n--;
        }

        // British spellings meet the American ones ("licence" and "license", "centre" and "center"), and a noun of
        // dimension meets its adjective ("video length" finds "clips up to two minutes long").
        if (AmericanSpellings.TryGetValue(output[..n], out var american) || DimensionAdjectives.TryGetValue(output[..n], out american))
        {
            american.CopyTo(output);
            n = american.Length;
        }

        return n;
    }

    // The English abbreviations of month names (the three-letter forms of the CLDR "abbreviated" month format, and
    // "sept"), so that "dec 2024" finds "December 2024". "May" needs none.
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> MonthNames =
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["jan"] = "january", ["feb"] = "february", ["mar"] = "march", ["apr"] = "april", ["jun"] = "june",
            ["jul"] = "july", ["aug"] = "august", ["sep"] = "september", ["sept"] = "september", ["oct"] = "october",
            ["nov"] = "november", ["dec"] = "december",
        }.GetAlternateLookup<ReadOnlySpan<char>>();

    // Stems (as Stem leaves them) of the commonest British spellings and their American forms: the -ence/-ense,
    // -re/-er, -our/-or and -mme/-m groups of "American and British English spelling differences" (Wikipedia), as far
    // as they concern news about technology and trade. Both the knowledge and the questions go through this, so either
    // spelling finds the other.
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> AmericanSpellings =
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["licenc"] = "licens", ["defenc"] = "defens", ["offenc"] = "offens", ["pretenc"] = "pretens",
            ["centr"] = "center", ["metr"] = "meter", ["litr"] = "liter", ["fibr"] = "fiber", ["theatr"] = "theater",
            ["colour"] = "color", ["favour"] = "favor", ["labour"] = "labor", ["honour"] = "honor",
            ["behaviour"] = "behavior", ["neighbour"] = "neighbor", ["programm"] = "program",
        }.GetAlternateLookup<ReadOnlySpan<char>>();

    // The English nouns of dimension formed from an adjective with -th, and that adjective (the questions ask for a
    // "length", the knowledge says how "long"); both sides of a match go through this.
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> DimensionAdjectives =
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["length"] = "long", ["width"] = "wide", ["height"] = "high", ["depth"] = "deep",
        }.GetAlternateLookup<ReadOnlySpan<char>>();

    private static int Undouble(Span<char> s, int n)
    {
        if (n >= 2 && s[n - 1] == s[n - 2] && s[n - 1] is not ('l' or 's' or 'z' or 'e' or 'o') && !IsVowel(s[n - 1]))
        {
            return n - 1;
        }

        return n;
    }

    private static bool EndsWith(Span<char> s, int n, string suffix) => s[..n].EndsWith(suffix, StringComparison.Ordinal);

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static bool HasVowel(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (IsVowel(c))
            {
                return true;
            }
        }

        return false;
    }

    private static char[] BuildFoldTable()
    {
        var table = new char[FoldTableSize];
        for (var i = 0; i < FoldTableSize; i++)
        {
            var c = (char)i;
            if (char.IsSurrogate(c))
            {
                table[i] = c;
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                table[i] = '\0';
                continue;
            }

            if (c is 'đ' or 'Đ')
            {
                table[i] = 'd';
                continue;
            }

            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            var folded = decomposed.Length > 0 ? decomposed[0] : c;
            if (CharUnicodeInfo.GetUnicodeCategory(folded) is UnicodeCategory.NonSpacingMark)
            {
                folded = c;
            }

            table[i] = folded == '\0' ? ' ' : char.ToLowerInvariant(folded);
        }

        return table;
    }

    private sealed class ListSink(bool includeScoreOnly) : ITermSink
    {
        public List<string> Terms { get; } = [];

        public void Add(ReadOnlySpan<char> term, TermKind kind)
        {
            if (includeScoreOnly || kind is TermKind.Word or TermKind.Number)
            {
                Terms.Add(term.ToString());
            }
        }
    }
}
