using System.Text;

namespace Bot.Knowledge.Text;

/// <summary>
/// English words of six letters or more, from a public dictionary list (SCOWL, sizes 10 to 50; source and licence in
/// <c>english-words.txt</c>). A word of that length that is neither one of them, nor in the knowledge, nor a typo of
/// a knowledge word is a name the knowledge does not know ("midjourney"), however it is typed.
/// </summary>
public static class EnglishWords
{
    /// <summary>Shorter words are left out of the list: chat forms and syllables ("pls", "nhieu") are that short.</summary>
    public const int MinLength = 6;

    private const string ResourceName = "Bot.Knowledge.Text.english-words.txt";

    private static readonly Lazy<HashSet<string>> Words = new(Load);

    /// <summary>
    /// Whether <paramref name="word"/> (any case) is an English word of the list, or one with a common inflection
    /// ("headlines", "kicked", "wondering") of a word of the list.
    /// </summary>
    public static bool Contains(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        var words = Words.Value;
        if (words.Contains(lower))
        {
            return true;
        }

        foreach (var ending in Endings)
        {
            if (lower.Length > ending.Length + 2 && lower.EndsWith(ending, StringComparison.Ordinal))
            {
                var stem = lower[..^ending.Length];
                if (words.Contains(stem) || words.Contains(stem + "e"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="word"/> is an English word of the list (see <see cref="Contains"/>) or one typing slip
    /// away from one: a letter left out, added, changed, or two swapped ("suposed", "recieve").
    /// </summary>
    public static bool ContainsNear(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        if (Contains(lower))
        {
            return true;
        }

        var buffer = new StringBuilder(lower.Length + 1);
        for (var i = 0; i <= lower.Length; i++)
        {
            if (i < lower.Length && Contains(Edit(buffer, lower, i, skip: 1, insert: null)))
            {
                return true;
            }

            if (i + 1 < lower.Length && Contains(string.Concat(lower.AsSpan(0, i), lower.AsSpan(i + 1, 1), lower.AsSpan(i, 1), lower.AsSpan(i + 2))))
            {
                return true;
            }

            for (var c = 'a'; c <= 'z'; c++)
            {
                if (Contains(Edit(buffer, lower, i, skip: 0, insert: c)) || (i < lower.Length && c != lower[i] && Contains(Edit(buffer, lower, i, skip: 1, insert: c))))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The word with `skip` letters at `at` replaced by `insert` (if any).
    private static string Edit(StringBuilder buffer, string word, int at, int skip, char? insert)
    {
        buffer.Clear().Append(word, 0, at);
        if (insert is { } c)
        {
            buffer.Append(c);
        }

        return buffer.Append(word, at + skip, word.Length - at - skip).ToString();
    }

    // The list holds base forms and many inflections; these cover the rest.
    private static readonly string[] Endings = ["s", "es", "ed", "ing", "ly", "er", "ers"];

    private static HashSet<string> Load()
    {
        using var stream = typeof(EnglishWords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Missing embedded resource {ResourceName}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                words.Add(line);
            }
        }

        return words;
    }
}
