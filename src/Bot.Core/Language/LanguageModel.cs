using System.Globalization;
using System.Text;
using Bot.Knowledge.Text;

namespace Bot.Core.Language;

/// <summary>
/// Tells Vietnamese from English by the whole message, with statistics learned from text in each language (the
/// knowledge folder's own English and Vietnamese files, at load time).
/// </summary>
/// <remarks>
/// <para>Every word is compared folded (lower case, no diacritics), because people type Vietnamese without them. A word
/// the training text uses gives the log-ratio of the share of texts (sections) that use it in each language, smoothed.
/// The knowledge is written in twin files, section for section, so a name both languages write the same way ("Sora",
/// "Nvidia", "AI", "video") is used by about as many sections in each and weighs almost nothing, while a function word
/// ("the", "khi") weighs a lot. (Token frequencies would not do: Vietnamese spends about a quarter more words, one
/// per syllable, on the same text, which makes every shared name look English.) A word neither uses is judged by its letter trigrams (English "pricing" against Vietnamese
/// "duoc"). Each word's weight is capped, so one word never decides a sentence alone.</para>
/// <para>Two signals need no statistics: a word written with letters only Vietnamese uses (ă â đ ê ô ơ ư, the tone
/// marks), which counts as much as two English words because Vietnamese borrows English terms and not the other way
/// round, and a Vietnamese chat spelling ("ko", "đc", "ntn", see <see cref="VietnameseChat"/>) both count for
/// Vietnamese. A message with no signal either way (a bare product name) gets the fallback: the platform's locale,
/// else English. So does a message typed without diacritics in which only one plain word leans Vietnamese: "ban" in
/// "H20 ban" is also "bán" folded, but an English keyword query of two words is not a Vietnamese sentence.</para>
/// </remarks>
public sealed class LanguageModel
{
    private const double WordCap = 2.0;

    // A word written with Vietnamese letters outweighs any two English words: Vietnamese chat borrows English terms
    // freely ("kimi k2 có open source ko", "cách fine tune model"), while English text never carries Vietnamese letters.
    private const double VietnameseLetterWeight = 2 * WordCap;
    private const double ChatFormWeight = 1.5;

    /// <summary>Below this total a message is undecided and gets the fallback.</summary>
    private const double Margin = 0.5;

    private readonly Counts _vi;
    private readonly Counts _en;

    private LanguageModel(Counts vi, Counts en)
    {
        _vi = vi;
        _en = en;
    }

    /// <summary>Words of each language in the training text (for diagnostics).</summary>
    public (int Vietnamese, int English) TrainingWords => (_vi.Words, _en.Words);

    /// <summary>Trains on texts labelled <c>vi</c> or <c>en</c> (other labels are ignored).</summary>
    public static LanguageModel Train(IEnumerable<(string Lang, string Text)> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vi = new Counts();
        var en = new Counts();
        foreach (var (lang, text) in texts)
        {
            var counts = lang switch { LanguageDetector.Vietnamese => vi, LanguageDetector.English => en, _ => null };
            if (counts is null)
            {
                continue;
            }

            counts.AddText(FoldedWords(text));
        }

        return new LanguageModel(vi, en);
    }

    /// <summary><c>vi</c> or <c>en</c>; <paramref name="fallback"/> when the message gives no signal either way.</summary>
    public string Detect(string? text, string fallback = LanguageDetector.English)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        var (score, vietnameseWords) = Evidence(text);
        if (score > Margin && vietnameseWords < MinVietnameseWords)
        {
            // One plain word that Vietnamese also writes ("ban" in "H20 ban", "day") is not a Vietnamese message.
            return fallback;
        }

        return score > Margin ? LanguageDetector.Vietnamese : score < -Margin ? LanguageDetector.English : fallback;
    }

    /// <summary>Evidence for Vietnamese (positive) against English (negative).</summary>
    public double Score(string text) => Evidence(text).Score;

    /// <summary>
    /// The evidence, and how many of the message's words lean Vietnamese: a word with Vietnamese letters, a Vietnamese
    /// chat spelling, or a plain word whose own evidence passes the margin.
    /// </summary>
    private (double Score, int VietnameseWords) Evidence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Normalize(NormalizationForm.FormC);
        double score = 0;
        var vietnameseWords = 0;
        foreach (var word in LetterWords(normalized))
        {
            if (LanguageDetector.HasVietnameseLetters(word))
            {
                score += VietnameseLetterWeight;
                vietnameseWords += MinVietnameseWords;
                continue;
            }

            // Single letters ("o", "a") and names with digits ("o1", "H20") say nothing about the language.
            var folded = KnowledgeText.Fold(word);
            if (folded.Length < 2 || !IsLatin(folded))
            {
                continue;
            }

            var evidence = Math.Clamp(WordEvidence(folded), -WordCap, WordCap);
            score += evidence;
            vietnameseWords += evidence > Margin ? 1 : 0;
        }

        var chatForms = VietnameseChat.VietnameseOnlyForms(normalized);
        return (score + (ChatFormWeight * chatForms), vietnameseWords + (MinVietnameseWords * chatForms));
    }

    /// <summary>
    /// Words that must lean Vietnamese before a message typed without diacritics counts as Vietnamese. A word with
    /// Vietnamese letters or a Vietnamese chat spelling counts as enough on its own.
    /// </summary>
    private const int MinVietnameseWords = 2;

    private double WordEvidence(string word)
    {
        var inVi = _vi.Word(word);
        var inEn = _en.Word(word);
        if (inVi + inEn > 0)
        {
            // The share of each language's texts that use the word, add-one smoothed.
            var pVi = (inVi + 1.0) / (_vi.Texts + 2.0);
            var pEn = (inEn + 1.0) / (_en.Texts + 2.0);
            return Math.Log(pVi / pEn);
        }

        // An unseen word: the mean log-ratio of its letter trigrams (with word boundaries).
        var padded = "^" + word + "$";
        if (padded.Length < 3)
        {
            return 0;
        }

        double sum = 0;
        var n = 0;
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            var gram = padded.Substring(i, 3);
            var pVi = (_vi.Gram(gram) + 0.5) / (_vi.Grams + (0.5 * _vi.GramVocabulary) + 1.0);
            var pEn = (_en.Gram(gram) + 0.5) / (_en.Grams + (0.5 * _en.GramVocabulary) + 1.0);
            sum += Math.Log(pVi / pEn);
            n++;
        }

        return n == 0 ? 0 : sum / n;
    }

    private static bool IsLatin(string folded)
    {
        foreach (var c in folded)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> FoldedWords(string text)
    {
        foreach (var word in LetterWords(KnowledgeText.Fold(text)))
        {
            if (IsLatin(word))
            {
                yield return word;
            }
        }
    }

    /// <summary>Runs of letters and digits (any script, with their combining marks).</summary>
    internal static IEnumerable<string> LetterWords(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && (char.IsLetterOrDigit(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    /// <summary>Per word, the number of texts that use it; letter-trigram counts; of one language.</summary>
    private sealed class Counts
    {
        private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _grams = new(StringComparer.Ordinal);

        public int Words { get; private set; }

        public int Texts { get; private set; }

        public int Grams { get; private set; }

        public int GramVocabulary => _grams.Count;

        public int Word(string word) => _words.GetValueOrDefault(word);

        public int Gram(string gram) => _grams.GetValueOrDefault(gram);

        public void AddText(IEnumerable<string> words)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var word in words)
            {
                if (seen.Add(word))
                {
                    _words[word] = _words.GetValueOrDefault(word) + 1;
                }

                Add(word);
            }

            Texts++;
        }

        private void Add(string word)
        {
            Words++;
            var padded = "^" + word + "$";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                var gram = padded.Substring(i, 3);
                _grams[gram] = _grams.GetValueOrDefault(gram) + 1;
                Grams++;
            }
        }
    }
}
