using Bot.Knowledge.Text;

namespace Bot.Core.Engine;

/// <summary>
/// Whether a plain message "looks like a question" (channel mode <c>all</c>): it ends with a question mark, or it
/// starts with a question word of English or Vietnamese (compared folded, so with or without diacritics).
/// </summary>
public static class QuestionDetector
{
    private static readonly string[] StartWords =
    [
        "what", "when", "who", "whom", "whose", "why", "how", "which", "where",
        "is", "are", "was", "were", "does", "do", "did", "can", "could", "will", "would", "should", "has", "have",
        "ai", "sao", "tai sao", "vi sao", "khi nao", "bao gio", "bao nhieu", "the nao", "nhu the nao", "lam sao",
        "co phai", "o dau", "cai gi", "gi", "nao",
    ];

    // Vietnamese questions often end with a question word instead of starting with one.
    private static readonly string[] EndWords =
    [
        "khong", "chua", "la gi", "gi", "khi nao", "bao gio", "bao nhieu", "the nao", "o dau", "nao", "sao", "chang",
        "vay", "a",
    ];

    public static bool LooksLikeQuestion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.EndsWith('?') || trimmed.EndsWith('？'))
        {
            return true;
        }

        var words = Words(KnowledgeText.Fold(trimmed));
        if (words.Length == 0)
        {
            return false;
        }

        var joined = string.Join(' ', words);
        if (StartWords.Any(w => joined == w || joined.StartsWith(w + " ", StringComparison.Ordinal)))
        {
            return true;
        }

        // "la gi" anywhere ("AI tao sinh la gi"), or a Vietnamese question word at the end of a short sentence.
        return joined.Contains(" la gi", StringComparison.Ordinal) ||
               (words.Length >= 3 && EndWords.Any(w => joined.EndsWith(" " + w, StringComparison.Ordinal)) && !IsLikelyEnglish(words));
    }

    private static bool IsLikelyEnglish(string[] words) => words.Contains("the") || words.Contains("is") || words.Contains("and");

    private static string[] Words(string folded) =>
        folded.Split((char[])[' ', ',', '.', '!', ':', ';', '"', '\'', '(', ')', '-', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
