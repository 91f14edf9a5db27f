using System.Globalization;
using System.Text;

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
    private const string ResourceName = "Bot.Core.Language.vietnamese-chat.tsv";

    private static readonly Dictionary<string, Entry> Table = Load();

    private readonly record struct Entry(string Standard, bool Ambiguous);

    /// <summary>Number of forms in the table (for tests and diagnostics).</summary>
    public static int Count => Table.Count;

    /// <summary>Expands chat forms and drops particles; every other token is kept as typed, and so are line breaks.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('\n', StringComparison.Ordinal) ? string.Join('\n', text.Split('\n').Select(NormaliseLine)) : NormaliseLine(text);
    }

    private static string NormaliseLine(string text)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var (lead, core, trail) = Split(token);
            var key = core.ToLowerInvariant();
            string replacement;
            if (key.Length == 0 || !Table.TryGetValue(key, out var entry))
            {
                replacement = token;
            }
            else
            {
                var standard = key == "bn" && AddressesSomeone(tokens, i) ? "bạn" : entry.Standard;

                // The expansion keeps the asker's case: "tq" typed in lower case is "trung quốc", not a capitalised
                // name the question stresses ("TQ" stays "Trung Quốc"). A question's subject is read from its capitals.
                if (core == key)
                {
                    standard = standard.ToLowerInvariant();
                }

                replacement = standard.Length == 0 ? lead + trail : lead + standard + trail;
            }

            if (replacement.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(replacement);
        }

        return sb.ToString();
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
            var key = Split(token).Core.ToLowerInvariant();
            if (Table.TryGetValue(key, out var entry) && !entry.Ambiguous)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>"bn" at the start of a message or before "ơi" addresses someone ("bạn ơi"), elsewhere it asks "how many".</summary>
    private static bool AddressesSomeone(string[] tokens, int i) =>
        i == 0 || (i + 1 < tokens.Length && Split(tokens[i + 1]).Core.ToLowerInvariant() is "ơi" or "oi");

    private static (string Lead, string Core, string Trail) Split(string token)
    {
        var start = 0;
        var end = token.Length;
        while (start < end && !char.IsLetterOrDigit(token[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(token[end - 1]) && CharUnicodeInfo.GetUnicodeCategory(token[end - 1]) != UnicodeCategory.NonSpacingMark)
        {
            end--;
        }

        return (token[..start], token[start..end], token[end..]);
    }

    private static Dictionary<string, Entry> Load()
    {
        using var stream = typeof(VietnameseChat).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Missing embedded resource {ResourceName}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var table = new Dictionary<string, Entry>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var columns = line.Split('\t');
            var form = columns[0].Normalize(NormalizationForm.FormC).ToLowerInvariant();
            var standard = columns.Length > 1 ? columns[1].Normalize(NormalizationForm.FormC) : string.Empty;
            var ambiguous = columns.Length > 2 && columns[2].Split(',').Contains("ambiguous", StringComparer.Ordinal);
            table[form] = new Entry(standard, ambiguous);
        }

        return table;
    }

    /// <summary>The standard spelling of one lower-case chat form ("" for a particle), or null when it is not one.</summary>
    public static string? Expand(string lowerToken) =>
        Table.TryGetValue(lowerToken, out var entry) ? entry.Standard : null;

    internal static IEnumerable<(string Form, string Standard)> Entries() => Table.Select(e => (e.Key, e.Value.Standard));
}
