using System.Globalization;
using System.Text;

namespace Bot.Core.Engine;

/// <summary>Rules for the raw text users send.</summary>
public static class InputText
{
    /// <summary>
    /// NFC, control characters removed, and each run of white space collapsed to one space, or to one line break when it
    /// has one: in chat a line often ends a sentence without a full stop, and the question is read sentence by sentence.
    /// </summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string normalized;
        try
        {
            normalized = text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised: drop them.
            normalized = new string([.. text.Where(c => !char.IsSurrogate(c))]);
        }

        var sb = new StringBuilder(normalized.Length);
        var space = false;
        var lineBreak = false;
        foreach (var c in normalized)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || category is UnicodeCategory.Control or UnicodeCategory.Format && c != '\u200D')
            {
                space = sb.Length > 0;
                lineBreak |= space && c is '\n' or '\r' or '\u2028' or '\u2029';
                continue;
            }

            if (space)
            {
                sb.Append(lineBreak ? '\n' : ' ');
                space = false;
                lineBreak = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>True when the text holds at least one letter or digit (not only emoji, punctuation or symbols).</summary>
    public static bool HasWords(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Cuts at a word boundary at or before <paramref name="max"/> characters, never inside a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max);
        if (cut < max / 2)
        {
            cut = max;
        }

        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].TrimEnd();
    }
}
