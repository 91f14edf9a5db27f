using System.Globalization;
using System.Text;

namespace Bot.Knowledge.Text;

/// <summary>A versioned name: the folded name it belongs to ("ernie", "m", "h") and its version ("4.5", "1", "20").</summary>
public readonly record struct ModelVersion(string Family, string Version);

/// <summary>
/// The versioned names a text writes, by how product names are written in both languages: a name and a number after
/// it, with a space or a hyphen ("Ernie 4.5", "Kling 2.0", "GPT-5"), or a code of letters and digits ("M1", "H200",
/// "V3.2", "Qwen3"). "Ernie 4.5" and "Ernie 5.0", or "H20" and "H200", are different products of one family.
/// </summary>
/// <remarks>
/// A year is never a version ("Sora 2024" dates Sora), nor is a number followed by letters ("4o", "10th"), nor a code
/// followed by a year ("Q3 2025", "H1 2026": parts of a year). Leading
/// zeros are dropped ("Hailuo 02" is version 2). With <c>namesOnly</c>, a word and a number separated by a space or a
/// hyphen count only when the word is written with a capital ("Kling 2.0", not "tháng 10"): use it on the knowledge's
/// own text, whose names are capitalised, and leave it off for chat questions, typed in lower case.
/// </remarks>
public static class ModelVersions
{
    /// <summary>Every versioned name in <paramref name="text"/>, in order, without repeats.</summary>
    public static IReadOnlyList<ModelVersion> In(string text, bool namesOnly)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Normalize(NormalizationForm.FormC);
        var found = new List<ModelVersion>();
        var at = 0;
        string? previousWord = null;
        var previousCapitalised = false;
        var previousEnd = -1;
        while (at < normalized.Length)
        {
            if (!char.IsLetterOrDigit(normalized[at]))
            {
                at++;
                continue;
            }

            var start = at;
            while (at < normalized.Length && IsWordChar(normalized, at))
            {
                at++;
            }

            var word = normalized.AsSpan(start, at - start);
            var letters = 0;
            while (letters < word.Length && char.IsLetter(word[letters]))
            {
                letters++;
            }

            if (letters == word.Length)
            {
                (previousWord, previousCapitalised, previousEnd) = (word.ToString(), char.IsUpper(word[0]), at);
                continue;
            }

            if (letters > 0 && IsVersion(word[letters..]) && !YearFollows(normalized, at))
            {
                // A code of letters and digits: "M1", "H200", "V3.2", "Qwen3".
                Add(word[..letters].ToString(), word[letters..].ToString());
            }
            else if (letters == 0 && IsVersion(word) && previousWord is not null && (!namesOnly || previousCapitalised) &&
                     JoinedBySpaceOrHyphen(normalized, previousEnd, start))
            {
                // A name and the number after it: "Ernie 4.5", "GPT-5".
                Add(previousWord, word.ToString());
            }

            previousWord = null;
        }

        return found;

        void Add(string family, string version)
        {
            // Leading zeros of the whole part go ("02" is 2), but one digit stays before a point ("0.5").
            var trimmed = version.TrimStart('0');
            var item = new ModelVersion(KnowledgeText.Fold(family), trimmed.Length == 0 || trimmed[0] == '.' ? "0" + trimmed : trimmed);
            if (!found.Contains(item))
            {
                found.Add(item);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="heading"/> is about another product than the versioned names <paramref name="asked"/>:
    /// it writes a version of a family asked, but none of the versions asked ("When did Baidu release Ernie 5.0?" for
    /// "Ernie 4.5"); or, when a chip-style code is asked ("A800", "H20", "M1": one or two letters and a number), it
    /// writes versioned names and none of those asked ("When did the H20 launch?" for "A800"). A word and a number typed
    /// in chat ("tháng 10", "top 10") only ever meet their own family.
    /// </summary>
    public static bool OtherVersion(IReadOnlyList<ModelVersion> asked, IReadOnlyList<ModelVersion> heading)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(heading);
        if (heading.Count == 0 || heading.Any(asked.Contains))
        {
            return false;
        }

        return asked.Any(a => a.Family.Length <= MaxCodeLetters || heading.Any(h => h.Family == a.Family));
    }

    // "A800", "H20", "M1", "V3", "K2", "RTX" is a name of its own.
    private const int MaxCodeLetters = 2;

    /// <summary>Whether <paramref name="heading"/> writes one of the versioned names <paramref name="asked"/>.</summary>
    public static bool SameVersion(IReadOnlyList<ModelVersion> asked, IReadOnlyList<ModelVersion> heading)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(heading);
        return heading.Any(asked.Contains);
    }

    /// <summary>
    /// The number of letters that open <paramref name="word"/> when it is written as a product code: letters, then a
    /// version number (not a year), then perhaps letters ("MI300X", "S24", "B30A", "RTX5090"); 0 for any other word
    /// ("FY2025" ends in a year, "4o" opens with digits).
    /// </summary>
    public static int CodeLetters(ReadOnlySpan<char> word)
    {
        var letters = 0;
        while (letters < word.Length && char.IsAsciiLetter(word[letters]))
        {
            letters++;
        }

        var digits = letters;
        while (digits < word.Length && char.IsAsciiDigit(word[digits]))
        {
            digits++;
        }

        var end = digits;
        while (end < word.Length && char.IsAsciiLetter(word[end]))
        {
            end++;
        }

        return letters > 0 && digits > letters && end == word.Length && IsVersion(word[letters..digits]) ? letters : 0;
    }

    /// <summary>
    /// Compares two version numbers part by part ("2.3" after "2.1", "10" after "9", "5" as "5.0"): below zero when
    /// <paramref name="a"/> is the lower, zero when they are equal, above zero when it is the higher.
    /// </summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var x = Parts(a);
        var y = Parts(b);
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var difference = (i < x.Length ? x[i] : 0).CompareTo(i < y.Length ? y[i] : 0);
            if (difference != 0)
            {
                return difference;
            }
        }

        return 0;

        static int[] Parts(string version) =>
            [.. version.Split('.').Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)];
    }

    // Letters, digits and a decimal point between digits ("4.5") belong to one word.
    private static bool IsWordChar(string text, int at) =>
        char.IsLetterOrDigit(text[at]) || CharUnicodeInfo.GetUnicodeCategory(text[at]) is UnicodeCategory.NonSpacingMark ||
        (text[at] == '.' && at > 0 && char.IsAsciiDigit(text[at - 1]) && at + 1 < text.Length && char.IsAsciiDigit(text[at + 1]));

    // Digits with at most one decimal part, not a year.
    private static bool IsVersion(ReadOnlySpan<char> part)
    {
        var dots = 0;
        foreach (var c in part)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        var isYear = part.Length == 4 && dots == 0 && part[0] is '1' or '2';
        return dots <= 1 && part.Length <= 6 && !isYear;
    }

    // "Q3 2025", "H1 2026": a quarter or a half of a year, not a product.
    private static bool YearFollows(string text, int end)
    {
        if (end >= text.Length || text[end] != ' ')
        {
            return false;
        }

        var start = end + 1;
        var at = start;
        while (at < text.Length && char.IsAsciiDigit(text[at]))
        {
            at++;
        }

        return at - start == 4 && text[start] is '1' or '2' && (at == text.Length || !char.IsLetterOrDigit(text[at]));
    }

    private static bool JoinedBySpaceOrHyphen(string text, int previousEnd, int start) =>
        previousEnd >= 0 && start - previousEnd == 1 && text[previousEnd] is ' ' or '-';
}
