using System.Text;
using System.Text.RegularExpressions;
using Bot.Core.Language;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Knowledge.Text;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// Answers with the knowledge's own words, answer first: the opening sentence is the best section's sentence that
/// answers the question most directly, then at most two supporting sentences, all within <see cref="BotOptions.MaxAnswerChars"/>.
/// Works with no model at all, and is the fallback when a model fails. <see cref="Continue"/> gives the next sentences
/// of the same sections for "tell me more".
/// </summary>
public sealed partial class ExtractiveAnswerer(IOptions<BotOptions> options) : IAnswerer
{
    /// <summary>Supporting sentences after the opening one.</summary>
    public const int MaxSupporting = 2;

    // A further section must be nearly as relevant as the best one to be continued with.
    private const double SecondaryRelevance = 0.75;

    public Task<AnswerDraft> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Hits.Count == 0)
        {
            return Task.FromResult(AnswerDraft.Decline());
        }

        var budget = options.Value.MaxAnswerChars;
        var queryTerms = new HashSet<string>(KnowledgeText.Terms(request.Question), StringComparer.Ordinal);
        var best = request.Hits[0];
        var blocks = AnswerFirst(best.Section, queryTerms, budget);
        var notes = best.Section.Lang == request.Language ? [] : new[] { Phrases.OtherLanguageNote(request.Language) };
        return Task.FromResult(new AnswerDraft(blocks, [best.Section], Declined: false, notes));
    }

    /// <summary>
    /// "Tell me more": the next sentences, in order, of the sections already cited and then of other sections nearly
    /// as relevant, leaving out every sentence <paramref name="shown"/> already contains. Empty when nothing is left.
    /// </summary>
    public AnswerDraft Continue(IReadOnlyList<SearchHit> hits, IReadOnlySet<string> citedPaths, string shown, string language)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(citedPaths);
        ArgumentNullException.ThrowIfNull(shown);
        var budget = options.Value.MaxAnswerChars;
        var seen = Normalize(shown);
        var best = hits.FirstOrDefault(h => citedPaths.Contains(h.Section.Path)) ?? hits.FirstOrDefault();
        if (best is null)
        {
            return AnswerDraft.Decline();
        }

        var ordered = hits.Where(h => citedPaths.Contains(h.Section.Path))
            .Concat(hits.Where(h => !citedPaths.Contains(h.Section.Path) && h.Section.Lang == best.Section.Lang && h.Coverage >= best.Coverage * SecondaryRelevance))
            .Select(h => h.Section)
            .DistinctBy(s => s.Key);
        var chosen = new List<string>();
        var used = new List<KnowledgeSection>();
        var length = 0;
        foreach (var section in ordered)
        {
            var fresh = Sentences(section, EmptyTerms).Where(s => !seen.Contains(Normalize(s.Text), StringComparison.Ordinal)).ToList();
            var took = false;
            foreach (var sentence in fresh)
            {
                if (length > 0 && length + sentence.Text.Length + 1 > budget)
                {
                    break;
                }

                chosen.Add(sentence.Text);
                length += sentence.Text.Length + 1;
                took = true;
            }

            if (took)
            {
                used.Add(section);
            }

            if (length >= budget / 2)
            {
                break;
            }
        }

        return chosen.Count == 0
            ? AnswerDraft.Decline()
            : new AnswerDraft([JoinSentences(chosen)], used, Declined: false, best.Section.Lang == language ? [] : [Phrases.OtherLanguageNote(language)]);
    }

    private static readonly HashSet<string> EmptyTerms = [];

    /// <summary>
    /// The opening sentence (the best-scoring one: query terms present, dates and numbers as a tie-breaker, earlier
    /// first), then up to <see cref="MaxSupporting"/> further sentences that also match the question, in the section's
    /// order, within <paramref name="budget"/> characters. The first sentence is kept whole unless it alone is over
    /// twice the budget.
    /// </summary>
    internal static List<string> AnswerFirst(KnowledgeSection section, IReadOnlySet<string> queryTerms, int budget)
    {
        var sentences = Sentences(section, queryTerms);
        if (sentences.Count == 0)
        {
            return [];
        }

        var opener = sentences.OrderByDescending(s => s.Score).ThenBy(s => s.Order).First();
        var openerText = opener.Text.Length <= 2 * budget ? opener.Text : Cut(opener.Text, budget);
        var length = openerText.Length;
        // Supporting sentences: the best other match, and the sentence right after the opening one (it usually
        // explains it), then further matches; in the section's order after the opening sentence.
        var ranked = sentences.Where(s => s.Order != opener.Order && s.Score > 0).OrderByDescending(s => s.Score).ThenBy(s => s.Order).ToList();
        var next = sentences.FirstOrDefault(s => s.Order == opener.Order + 1);
        IEnumerable<Sentence> candidates = [.. ranked.Take(1), .. next is null ? [] : new[] { next }, .. ranked.Skip(1)];
        var supporting = new List<Sentence>();
        foreach (var s in candidates.DistinctBy(s => s.Order))
        {
            if (supporting.Count >= MaxSupporting)
            {
                break;
            }

            if (length + s.Text.Length + 1 <= budget)
            {
                supporting.Add(s);
                length += s.Text.Length + 1;
            }
        }

        return [JoinSentences([openerText, .. supporting.OrderBy(s => s.Order).Select(s => s.Text)])];
    }

    private sealed record Sentence(int Order, string Text, double Score);

    private static List<Sentence> Sentences(KnowledgeSection section, IReadOnlySet<string> queryTerms)
    {
        var texts = section.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(SplitSentences)
            .ToList();
        var terms = texts.Select(t => (IReadOnlyList<string>)[.. KnowledgeText.Terms(t).Distinct(StringComparer.Ordinal)]).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms.SelectMany(t => t))
        {
            frequency[term] = frequency.GetValueOrDefault(term) + 1;
        }

        return [.. texts.Select((text, i) => new Sentence(i, text, Score(terms[i], queryTerms, frequency, texts.Count, Digits().IsMatch(text), i)))];
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Cut(string text, int max)
    {
        var cut = text.LastIndexOf(' ', Math.Min(text.Length - 1, max));
        return (cut > max / 2 ? text[..cut] : text[..max]).TrimEnd(',', ';', ':', ' ') + "…";
    }

    private static string JoinSentences(IEnumerable<string> sentences)
    {
        var sb = new StringBuilder();
        foreach (var s in sentences)
        {
            if (sb.Length > 0)
            {
                sb.Append(s.StartsWith("- ", StringComparison.Ordinal) ? '\n' : ' ');
            }

            sb.Append(s);
        }

        return sb.ToString();
    }

    /// <summary>
    /// How well a sentence answers: the query terms it contains, each weighted by how rare it is among the section's
    /// sentences (a term every sentence repeats, such as the subject's name, tells them apart least; inverse document
    /// frequency over the section), bigrams double; dates and numbers as a tie-breaker; earlier sentences first.
    /// </summary>
    private static double Score(IReadOnlyList<string> terms, IReadOnlySet<string> queryTerms, Dictionary<string, int> frequency, int count, bool hasDigits, int order)
    {
        double score = 0;
        foreach (var term in terms)
        {
            if (queryTerms.Contains(term))
            {
                var weight = Math.Log(1.0 + ((double)count / frequency[term]));
                score += term.Contains('_', StringComparison.Ordinal) ? 2.0 * weight : weight;
            }
        }

        if (score > 0 && hasDigits)
        {
            score += 0.25;
        }

        // A section's opening sentence usually states its main point: among equal matches, earlier wins.
        return score > 0 ? score + 0.5 / (1 + order) : 0;
    }

    internal static IEnumerable<string> SplitSentences(string paragraph)
    {
        foreach (var line in paragraph.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                yield return line;
                continue;
            }

            foreach (var sentence in SentenceEnd().Split(line))
            {
                if (sentence.Length > 0)
                {
                    yield return sentence.Trim();
                }
            }
        }
    }

    // A sentence ends at . ! ? followed by space and an upper-case letter, a digit or an opening quote/bracket.
    // Abbreviations like "U.S." followed by a lower-case word do not split.
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[\p{Lu}0-9""“(])", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digits();
}
