using System.Text;
using System.Text.RegularExpressions;
using Bot.Core.Language;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Knowledge.Text;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// Answers with the knowledge's own words: the best section when it is short, otherwise its most relevant sentences,
/// then, within the length budget, the best sentences of other strong sections. Works with no model at all, and is
/// the fallback when a model fails.
/// </summary>
public sealed partial class ExtractiveAnswerer(IOptions<BotOptions> options) : IAnswerer
{
    // A further section must be nearly as relevant as the best one to be quoted beside it.
    private const double SecondaryRelevance = 0.75;
    private const int MinUsefulRemainder = 160;

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

        var blocks = new List<string>();
        var used = new List<KnowledgeSection>();
        var remaining = budget;

        var first = Select(best.Section, queryTerms, remaining);
        blocks.AddRange(first);
        used.Add(best.Section);
        remaining -= first.Sum(b => b.Length + 2);

        foreach (var hit in request.Hits.Skip(1))
        {
            if (remaining < MinUsefulRemainder)
            {
                break;
            }

            if (hit.Coverage < best.Coverage * SecondaryRelevance || hit.Section.Lang != best.Section.Lang ||
                used.Any(u => u.Key == hit.Section.Key || u.DocumentId == hit.Section.DocumentId && u.Anchor == hit.Section.Anchor))
            {
                continue;
            }

            var extra = Select(hit.Section, queryTerms, remaining, maxSentences: 2);
            if (extra.Count == 0)
            {
                continue;
            }

            blocks.AddRange(extra);
            used.Add(hit.Section);
            remaining -= extra.Sum(b => b.Length + 2);
        }

        var notes = best.Section.Lang == request.Language ? [] : new[] { Phrases.OtherLanguageNote(request.Language) };
        return Task.FromResult(new AnswerDraft(blocks, used, Declined: false, notes));
    }

    /// <summary>
    /// The section whole when it fits; otherwise its best-scoring sentences (by query terms present, dates and
    /// numbers as a tie-breaker), kept in their original order and grouped in their original paragraphs.
    /// </summary>
    internal static List<string> Select(KnowledgeSection section, IReadOnlySet<string> queryTerms, int budget, int maxSentences = int.MaxValue)
    {
        var paragraphs = section.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var whole = paragraphs.Sum(p => p.Length + 2);
        if (whole <= budget && maxSentences == int.MaxValue)
        {
            return [.. paragraphs];
        }

        var sentences = new List<(int Paragraph, int Order, string Text, double Score)>();
        var order = 0;
        for (var p = 0; p < paragraphs.Length; p++)
        {
            foreach (var sentence in SplitSentences(paragraphs[p]))
            {
                sentences.Add((p, order, sentence, Score(sentence, queryTerms, order)));
                order++;
            }
        }

        var chosen = new List<(int Paragraph, int Order, string Text, double Score)>();
        var length = 0;
        foreach (var s in sentences.Where(s => s.Score > 0).OrderByDescending(s => s.Score).ThenBy(s => s.Order))
        {
            if (chosen.Count >= maxSentences)
            {
                break;
            }

            if (length + s.Text.Length + 1 > budget)
            {
                continue;
            }

            chosen.Add(s);
            length += s.Text.Length + 1;
        }

        if (chosen.Count == 0 && maxSentences == int.MaxValue && sentences.Count > 0)
        {
            // Nothing scored (a follow-up whose words are all in the earlier question): the section's opening is
            // the safest summary.
            chosen.Add(sentences[0]);
        }

        return [.. chosen
            .OrderBy(s => s.Order)
            .GroupBy(s => s.Paragraph)
            .Select(g => JoinSentences(g.Select(s => s.Text)))];
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

    private static double Score(string sentence, IReadOnlySet<string> queryTerms, int order)
    {
        double score = 0;
        foreach (var term in KnowledgeText.Terms(sentence).Distinct(StringComparer.Ordinal))
        {
            if (queryTerms.Contains(term))
            {
                // Bigrams (joined syllables) say more than single syllables.
                score += term.Contains('_', StringComparison.Ordinal) ? 2.0 : 1.0;
            }
        }

        if (score > 0 && Digits().IsMatch(sentence))
        {
            score += 0.5;
        }

        // Earlier sentences of a section usually carry its main point.
        return score > 0 ? score + 0.3 / (1 + order) : 0;
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
