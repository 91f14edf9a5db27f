using Bot.Knowledge.Text;

namespace Bot.Core.Admin;

/// <summary>A group of similar questions: one example and how many times it (or something like it) was asked.</summary>
public sealed record QuestionGroup(string Example, int Count);

/// <summary>
/// Groups questions by similarity: the Jaccard index of their folded content terms, at least
/// <see cref="Threshold"/> to the group's first question, joins a group. Small and greedy: gaps lists are short.
/// </summary>
public static class QuestionGroups
{
    public const double Threshold = 0.5;

    public static IReadOnlyList<QuestionGroup> Group(IEnumerable<string> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        return Group(questions.Select(q => (q, 1)));
    }

    /// <summary>
    /// Groups questions that come with how often each was asked; a group counts the askings of its members. Each text's
    /// terms are computed once, so grouping <c>n</c> texts into <c>g</c> groups costs <c>n × g</c> set comparisons.
    /// Groups come most asked first, ties in the order their first text came.
    /// </summary>
    public static IReadOnlyList<QuestionGroup> Group(IEnumerable<(string Question, int Count)> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var groups = new List<(string Example, HashSet<string> Terms, int Count)>();
        foreach (var (question, count) in questions)
        {
            var terms = Terms(question);
            var index = groups.FindIndex(g => Similarity(g.Terms, terms) >= Threshold);
            if (index >= 0)
            {
                var g = groups[index];
                groups[index] = (g.Example, g.Terms, g.Count + count);
            }
            else
            {
                groups.Add((question, terms, count));
            }
        }

        return [.. groups
            .Select((g, order) => (Group: new QuestionGroup(g.Example, g.Count), Order: order))
            .OrderByDescending(x => x.Group.Count)
            .ThenBy(x => x.Order)
            .Select(x => x.Group)];
    }

    public static double Similarity(string a, string b) => Similarity(Terms(a), Terms(b));

    private static HashSet<string> Terms(string question)
    {
        var terms = KnowledgeText.ContentTerms(question).ToHashSet(StringComparer.Ordinal);
        if (terms.Count == 0)
        {
            terms.Add(KnowledgeText.Fold(question.Trim()));
        }

        return terms;
    }

    private static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        var common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }
}
