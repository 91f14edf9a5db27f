using System.Globalization;
using System.Text;

namespace Bot.Core.Language;

/// <summary>
/// Tells Vietnamese from English without training data, including Vietnamese typed without diacritics ("sora ra mat
/// khi nao"): for long texts such as replies, and wherever no knowledge is loaded. Questions are judged by
/// <see cref="LanguageJudge"/>, which learns from the knowledge folder (<see cref="LanguageModel"/>).
/// </summary>
/// <remarks>
/// Order of evidence: letters that only Vietnamese uses (ă â đ ê ô ơ ư and the tone marks) decide at once; otherwise
/// common function words of each language are counted; a tie is broken by whether the words are well-formed Vietnamese
/// syllables. Names shared by both languages (Sora, Nvidia, DeepSeek) carry no weight either way.
/// </remarks>
public static class LanguageDetector
{
    public const string Vietnamese = "vi";
    public const string English = "en";

    // Vietnamese function words as typed without diacritics: pronouns, question words, copulas, aspect and negation
    // markers, prepositions, classifiers and particles. None is a common English word.
    private static readonly HashSet<string> VietnameseCues = new(StringComparer.Ordinal)
    {
        "khi", "nao", "bao", "nhieu", "gio", "gi", "la", "cua", "nhung", "duoc", "khong", "co", "cac", "mot", "nhu",
        "thi", "sao", "tai", "vi", "vay", "nay", "voi", "cho", "oi", "nhe", "ai", "dau", "ra", "minh", "toi", "em",
        "anh", "chi", "ong", "ba", "sau", "truoc", "hay", "hoac", "va", "nua", "roi", "chua", "den", "tu", "trong",
        "ngoai", "tren", "duoi", "giua", "nhat", "moi", "dang", "da", "se", "bi", "ve", "cung", "rat", "lai", "nen",
    };

    // English function words: determiners, pronouns, auxiliaries, prepositions, conjunctions and question words.
    // None is a common Vietnamese word typed without diacritics.
    private static readonly HashSet<string> EnglishCues = new(StringComparer.Ordinal)
    {
        "what", "when", "where", "who", "whom", "which", "why", "how", "is", "are", "was", "were", "did", "does", "do",
        "the", "of", "and", "or", "in", "on", "at", "to", "for", "from", "with", "about", "by", "it", "its", "this",
        "that", "these", "those", "can", "could", "would", "should", "will", "has", "have", "had", "be", "been", "any",
        "many", "much", "me", "please", "you", "your", "my", "we", "our", "they", "their", "there", "than", "then", "if",
        "so", "not", "no", "yes", "an", "a", "as", "but", "also", "more", "most", "still",
    };

    // Vietnamese syllable shape without tone marks: optional onset, a vowel nucleus, optional coda.
    private static readonly string[] Onsets =
    [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m", "n",
        "p", "r", "s", "t", "v", "x", "",
    ];

    private static readonly string[] Codas = ["ng", "nh", "ch", "c", "m", "n", "p", "t", "i", "y", "o", "u", ""];

    private static readonly HashSet<string> Nuclei = new(StringComparer.Ordinal)
    {
        "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "ia", "ie", "iu", "oa", "oe", "oi", "ua", "ue",
        "ui", "uo", "uy", "ye", "uye", "uoi", "uou", "ieu", "yeu", "oai", "oay", "uay", "uya",
    };

    /// <summary>Returns <c>vi</c> or <c>en</c>; <paramref name="fallback"/> when the text has no letters to judge.</summary>
    /// <remarks>
    /// A word written with Vietnamese letters counts double, so a short accented question is Vietnamese at once, while
    /// an English paragraph that mentions a Vietnamese name or two ("Kuaishou (Khoái Thủ)") stays English.
    /// </remarks>
    public static string Detect(string? text, string fallback = English)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        // Asides in brackets or double quotes are glosses, names and titles in either language ("Baidu (Bách Độ)",
        // "in Vietnamese "Văn Tâm Nhất Ngôn""): the sentence around them says which language the text is in.
        var main = WithoutAsides(text);
        return LetterWords(main).Any() ? Judge(main, fallback) : Judge(text, fallback);
    }

    private static string Judge(string text, string fallback)
    {
        int vi = 0, en = 0, syllables = 0, plain = 0;
        foreach (var word in LetterWords(text))
        {
            if (HasVietnameseLetters(word))
            {
                vi += 2;
                continue;
            }

            var lower = word.ToLowerInvariant();
            if (!IsAscii(lower))
            {
                continue;
            }

            plain++;
            var isVi = VietnameseCues.Contains(lower);
            var isEn = EnglishCues.Contains(lower);
            if (isVi && !isEn)
            {
                vi++;
            }
            else if (isEn && !isVi)
            {
                en++;
            }

            if (IsVietnameseSyllable(lower))
            {
                syllables++;
            }
        }

        if (vi != en)
        {
            return vi > en ? Vietnamese : English;
        }

        // No function words decide it: well-formed syllables throughout read as Vietnamese.
        return plain >= 2 && syllables == plain ? Vietnamese : fallback;
    }

    /// <summary>
    /// The text without what stands in brackets or between double quotes (straight or curly). A bracket or quote that
    /// is never closed opens no aside: the text after it is kept.
    /// </summary>
    internal static string WithoutAsides(string text)
    {
        var kept = new StringBuilder(text.Length);
        var depth = 0;
        var quoted = false;
        var openedAt = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var inside = depth > 0 || quoted;
            switch (c)
            {
                case '(' or '[':
                    depth++;
                    break;
                case (')' or ']') when depth > 0:
                    depth--;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case '“':
                    quoted = true;
                    break;
                case '”' when quoted:
                    quoted = false;
                    break;
                default:
                    if (!inside)
                    {
                        kept.Append(c);
                    }

                    continue;
            }

            if (!inside && (depth > 0 || quoted))
            {
                openedAt = i;
            }
            else if (inside && depth == 0 && !quoted)
            {
                kept.Append(' ');
            }
        }

        return depth > 0 || quoted ? kept.Append(' ').Append(text, openedAt + 1, text.Length - openedAt - 1).ToString() : kept.ToString();
    }

    private static bool IsAscii(string word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs of letters (any script), NFC.</summary>
    private static IEnumerable<string> LetterWords(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormC);
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var letter = i < normalized.Length && (char.IsLetter(normalized[i]) || CharUnicodeInfo.GetUnicodeCategory(normalized[i]) == UnicodeCategory.NonSpacingMark);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                yield return normalized[start..i];
                start = -1;
            }
        }
    }

    /// <summary>True when the text has a letter that English does not use but Vietnamese does.</summary>
    public static bool HasVietnameseLetters(string text)
    {
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            switch (c)
            {
                case 'đ' or 'Đ':
                case '\u0306' or '\u0302' or '\u031B': // breve, circumflex, horn
                case '\u0300' or '\u0301' or '\u0303' or '\u0309' or '\u0323': // the five tone marks
                    return true;
            }
        }

        return false;
    }

    internal static bool IsVietnameseSyllable(string word)
    {
        if (word.Length is 0 or > 7)
        {
            return false;
        }

        foreach (var onset in Onsets)
        {
            if (!word.StartsWith(onset, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = word.AsSpan(onset.Length);
            foreach (var coda in Codas)
            {
                if (rest.Length > coda.Length && rest.EndsWith(coda, StringComparison.Ordinal) &&
                    Nuclei.Contains(rest[..^coda.Length].ToString()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The language a platform locale names (<c>vi-VN</c> → vi), or null.</summary>
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        try
        {
            var name = CultureInfo.GetCultureInfo(locale.Replace('_', '-')).TwoLetterISOLanguageName;
            return name switch { "vi" => Vietnamese, "en" => English, _ => null };
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }
}
