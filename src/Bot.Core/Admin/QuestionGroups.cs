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
    /// terms are computed once and numbered, so comparing a text with a group is a merge of two short sorted arrays.
    /// Groups come most asked first, ties in the order their first text came.
    /// </summary>
    public static IReadOnlyList<QuestionGroup> Group(IEnumerable<(string Question, int Count)> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<(string Example, int[] Terms, int Count)>();
        foreach (var (question, count) in questions)
        {
            var terms = Numbered(question, numbers);
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

    public static double Similarity(string a, string b)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        return Similarity(Numbered(a, numbers), Numbered(b, numbers));
    }

    /// <summary>The question's distinct folded content terms (the folded text when it has none), as sorted numbers.</summary>
    private static int[] Numbered(string question, Dictionary<string, int> numbers)
    {
        var terms = KnowledgeText.ContentTerms(question).ToHashSet(StringComparer.Ordinal);
        if (terms.Count == 0)
        {
            terms.Add(KnowledgeText.Fold(question.Trim()));
        }

        var result = new int[terms.Count];
        var i = 0;
        foreach (var term in terms)
        {
            if (!numbers.TryGetValue(term, out var number))
            {
                number = numbers.Count;
                numbers.Add(term, number);
            }

            result[i++] = number;
        }

        Array.Sort(result);
        return result;
    }

    /// <summary>The Jaccard index of two sorted sets of term numbers.</summary>
    private static double Similarity(int[] a, int[] b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return (double)common / (a.Length + b.Length - common);
    }
}
