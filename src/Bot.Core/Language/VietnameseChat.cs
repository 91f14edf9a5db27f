namespace Bot.Core.Language;

/// <summary>
/// Turns Vietnamese as typed in chat groups ("sora dc cong bo khi nao v ae") into standard spelling for the
/// rest of the pipeline ("sora được cong bo khi nao"): abbreviations and teen code are expanded, particles and
/// vocatives dropped. The table, with its public sources, is <c>vietnamese-chat.tsv</c> beside this file.
/// </summary>
/// <remarks>
/// Diacritics are not restored: the search folds them away on both sides, so "cong bo" already meets "công bố".
/// Only messages judged Vietnamese go through here; "vs" or "k" in an English message stay as they are.
/// </remarks>
public static class VietnameseChat
{
    private static readonly ChatSpelling Table = new("Bot.Core.Language.vietnamese-chat.tsv");

    /// <summary>Number of forms in the table (for tests and diagnostics).</summary>
    public static int Count => Table.Count;

    /// <summary>Expands chat forms and drops particles; every other token is kept as typed, and so are line breaks.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Table.Normalise(text, (tokens, i, key) => key == "bn" && AddressesSomeone(tokens, i) ? "bạn" : null);
    }

    /// <summary>
    /// How many tokens of the text are chat forms only Vietnamese uses ("ko", "đc", "ntn", "ae"): evidence for
    /// the language judge. Forms marked ambiguous ("vs", "k", "r") never count.
    /// </summary>
    public static int VietnameseOnlyForms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        foreach (var token in text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var key = ChatSpelling.Split(token).Core.ToLowerInvariant();
            if (Table.TryGet(key, out var entry) && !entry.Ambiguous)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// "bn" before "ơi" addresses someone ("bạn ơi"), and so does one opening a message whose rest asks a question of its
    /// own ("bn có biết sora ra mắt khi nào"); elsewhere, and opening a message that asks nothing else ("bn dv AI đc
    /// duyệt"), it is the question word "bao nhiêu".
    /// </summary>
    private static bool AddressesSomeone(string[] tokens, int i) =>
        (i + 1 < tokens.Length && ChatSpelling.Split(tokens[i + 1]).Core.ToLowerInvariant() is "ơi" or "oi") ||
        (i == 0 && QuestionIntent.Recognise(string.Join(' ', tokens.Skip(1))).Kind != QuestionKind.Other);

    /// <summary>The standard spelling of one lower-case chat form ("" for a particle), or null when it is not one.</summary>
    public static string? Expand(string lowerToken) =>
        Table.TryGet(lowerToken, out var entry) ? entry.Standard : null;

    internal static IEnumerable<(string Form, string Standard)> Entries() => Table.Entries();
}
