using System.Text.Json;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Bot.Testing;
using Xunit.Abstractions;

namespace Bot.Knowledge.Tests;

/// <summary>Retrieval quality on the development questions over the real knowledge folder (sources expected by each question).</summary>
public class DevSetRetrievalTests(ITestOutputHelper output)
{
    internal sealed record DevQuestion(string Id, string Lang, string Question, IReadOnlyList<string> ExpectSources);

    internal static IReadOnlyList<DevQuestion> LoadQuestions()
    {
        var questions = new List<DevQuestion>();
        foreach (var line in RepositoryPaths.EvalQuestionLines())
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (!root.TryGetProperty("expect_sources", out var sources) || sources.GetArrayLength() == 0)
            {
                continue;
            }

            questions.Add(new DevQuestion(
                root.GetProperty("id").GetString()!,
                root.GetProperty("lang").GetString()!,
                root.GetProperty("question").GetString()!,
                sources.EnumerateArray().Select(s => s.GetString()!).ToArray()));
        }

        return questions;
    }

    internal static (double At1, double At3, List<string> Misses) Measure(KnowledgeIndex index, IReadOnlyList<DevQuestion> questions)
    {
        int at1 = 0, at3 = 0;
        var misses = new List<string>();
        foreach (var q in questions)
        {
            var hits = index.Search(new SearchQuery(q.Question, q.Lang, 3));
            if (hits.Count > 0 && q.ExpectSources.Contains(hits[0].Section.Path))
            {
                at1++;
            }
            else
            {
                misses.Add($"{q.Id} [{q.Lang}] {q.Question} -> {(hits.Count > 0 ? hits[0].Section.Key : "none")} (want {string.Join(", ", q.ExpectSources)})");
            }

            if (hits.Any(h => q.ExpectSources.Contains(h.Section.Path)))
            {
                at3++;
            }
        }

        return ((double)at1 / questions.Count, (double)at3 / questions.Count, misses);
    }

    [Fact]
    public async Task The_expected_source_is_found_for_most_development_questions()
    {
        var questions = LoadQuestions();
        if (questions.Count == 0 || !Directory.Exists(RepositoryPaths.Knowledge))
        {
            // No development set or knowledge on this checkout: nothing to measure, and that is stated, not hidden.
            Directory.Exists(RepositoryPaths.Eval).ShouldBe(questions.Count > 0);
            return;
        }

        var snapshot = await KnowledgeLoader.LoadAsync(RepositoryPaths.Knowledge);
        var (at1, at3, misses) = Measure((KnowledgeIndex)snapshot.Index, questions);

        output.WriteLine($"{questions.Count} questions with expected sources: hit@1 {at1:P1}, hit@3 {at3:P1}");
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        at1.ShouldBeGreaterThanOrEqualTo(0.90);
        at3.ShouldBeGreaterThanOrEqualTo(0.95);
    }
}
