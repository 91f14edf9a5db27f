namespace Bot.Core.Language;

/// <summary>
/// Turns English as typed in chat groups ("when could ppl use sora vids rn") into standard spelling for the rest of
/// the pipeline ("when could people use sora videos right now"): abbreviations, shortened words and contractions
/// without their apostrophe are written out. The table, with its public sources, is <c>english-chat.tsv</c> beside
/// this file. Only messages judged English go through here.
/// </summary>
public static class EnglishChat
{
    private static readonly ChatSpelling Table = new("Bot.Core.Language.english-chat.tsv");

    /// <summary>Number of forms in the table (for tests and diagnostics).</summary>
    public static int Count => Table.Count;

    /// <summary>
    /// Writes out chat forms; every other token is kept as typed, and so are line breaks. A form typed in capitals is an
    /// acronym and stays ("SEC" is not "second").
    /// </summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Table.Normalise(text, keepAcronyms: true);
    }

    internal static IEnumerable<(string Form, string Standard)> Entries() => Table.Entries();
}
