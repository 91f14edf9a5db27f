using System.Globalization;
using System.Text;

namespace Bot.Core.Language;

/// <summary>
/// A table of chat spellings for one language (form → standard spelling, read from an embedded TSV file whose header
/// gives its public sources) and the token-by-token rewrite that applies it. <see cref="VietnameseChat"/> and
/// <see cref="EnglishChat"/> each hold one.
/// </summary>
internal sealed class ChatSpelling
{
    private readonly Dictionary<string, Entry> _table;

    public ChatSpelling(string resourceName)
    {
        using var stream = typeof(ChatSpelling).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Missing embedded resource {resourceName}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        _table = new Dictionary<string, Entry>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var columns = line.Split('\t');
            var form = columns[0].Normalize(NormalizationForm.FormC).ToLowerInvariant();
            var standard = columns.Length > 1 ? columns[1].Normalize(NormalizationForm.FormC) : string.Empty;
            var flags = columns.Length > 2 ? columns[2].Split(',') : [];
            _table[form] = new Entry(standard, flags.Contains("ambiguous", StringComparer.Ordinal), flags.Contains("caps", StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// One form's standard spelling ("" for a particle that is dropped), whether another language uses it too, and
    /// whether chat also types it in capitals ("IDK"), so that capitals do not make it an acronym.
    /// </summary>
    public readonly record struct Entry(string Standard, bool Ambiguous, bool Capitals = false);

    public int Count => _table.Count;

    public bool TryGet(string lowerForm, out Entry entry) => _table.TryGetValue(lowerForm, out entry);

    public IEnumerable<(string Form, string Standard)> Entries() => _table.Select(e => (e.Key, e.Value.Standard));

    /// <summary>
    /// Rewrites each line of <paramref name="text"/> token by token (a token is a run between spaces, compared without
    /// its punctuation and in lower case), keeping the line breaks. A word stretched for emphasis ("vậyyy", "nvidiaaa")
    /// is first written with each run of three or more of one letter once; neither language writes a letter three times. <paramref name="choose"/> may replace a form's
    /// standard spelling by position (the tokens of the line and the token's index). A form typed in lower case gets its
    /// expansion in lower case, since a question's subject is read from its capitals. With <paramref name="keepAcronyms"/>,
    /// a form typed in capitals ("SEC", "IM") is read as an acronym and kept.
    /// </summary>
    public string Normalise(string text, Func<string[], int, string, string?>? choose = null, bool keepAcronyms = false) =>
        text.Contains('\n', StringComparison.Ordinal)
            ? string.Join('\n', text.Split('\n').Select(line => NormaliseLine(line, choose, keepAcronyms)))
            : NormaliseLine(text, choose, keepAcronyms);

    private static bool IsAcronym(string core) => core.Length > 1 && core.All(c => !char.IsLetter(c) || char.IsUpper(c)) && core.Any(char.IsLetter);

    private string NormaliseLine(string text, Func<string[], int, string, string?>? choose, bool keepAcronyms)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            var (lead, core, trail) = Split(token);
            if (Stretched(core))
            {
                core = Unstretched(core);
                token = lead + core + trail;
            }

            var key = core.ToLowerInvariant();
            string replacement;
            if (key.Length == 0 || !_table.TryGetValue(key, out var entry) || (keepAcronyms && IsAcronym(core) && !entry.Capitals))
            {
                replacement = token;
            }
            else
            {
                var standard = choose?.Invoke(tokens, i, key) ?? entry.Standard;
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

    // A word stretched for emphasis: the same letter three times or more in a row ("vậyyy", "soooo", "nvidiaaa").
    private static bool Stretched(string core)
    {
        for (var i = 2; i < core.Length; i++)
        {
            if (char.IsLetter(core[i]) && char.ToLowerInvariant(core[i]) == char.ToLowerInvariant(core[i - 1]) && char.ToLowerInvariant(core[i]) == char.ToLowerInvariant(core[i - 2]))
            {
                return true;
            }
        }

        return false;
    }

    // The stretched word with each run of three or more of one letter written once.
    private static string Unstretched(string core)
    {
        var sb = new StringBuilder(core.Length);
        for (var i = 0; i < core.Length; i++)
        {
            var run = 1;
            while (i + run < core.Length && char.IsLetter(core[i]) && char.ToLowerInvariant(core[i + run]) == char.ToLowerInvariant(core[i]))
            {
                run++;
            }

            sb.Append(core, i, run >= 3 ? 1 : run);
            i += run - 1;
        }

        return sb.ToString();
    }

    /// <summary>A token's leading punctuation, its core (letters and digits, with the marks inside), and its trailing punctuation.</summary>
    public static (string Lead, string Core, string Trail) Split(string token)
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
}
