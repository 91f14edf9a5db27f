using Bot.Host.Cli;
using Bot.Testing;

namespace Bot.Host.Tests;

/// <summary>The question files in <c>tests/eval/</c> follow the agreed format (PLAN.md "Evaluation question files").</summary>
public class EvalQuestionFileTests
{
    private static readonly IReadOnlyList<(string File, EvalQuestion Question)> Questions =
        [.. EvalRunner.Files(RepositoryPaths.Eval).SelectMany(f => EvalRunner.Load(f).Select(q => (Path.GetFileNameWithoutExtension(f), q)))];

    [Fact]
    public void Every_stored_split_is_the_one_the_id_hash_gives()
    {
        Questions.ShouldNotBeEmpty();
        var wrong = Questions.Where(x => x.Question.Split != EvalSplit.For(x.Question.Id)).Select(x => $"{x.Question.Id}: {x.Question.Split}").ToList();
        wrong.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("oos-001", "test")] // values from the Python rule in PLAN.md
    [InlineData("oos-002", "tune")]
    [InlineData("av-001", "test")]
    public void The_split_hash_matches_the_documented_python_rule(string id, string split) => EvalSplit.For(id).ShouldBe(split);

    [Fact]
    public void Every_style_is_one_of_the_agreed_styles_and_ids_are_unique()
    {
        Questions.Where(x => !EvalStyle.All.Contains(x.Question.Style)).Select(x => $"{x.Question.Id}: '{x.Question.Style}'").ShouldBeEmpty();
        Questions.GroupBy(x => x.Question.Id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
        Questions.Where(x => x.Question.Lang is not ("en" or "vi")).Select(x => x.Question.Id).ShouldBeEmpty();
    }

    [Fact]
    public void Each_file_holds_its_own_topic_and_only_out_of_scope_questions_expect_a_decline()
    {
        Questions.Where(x => x.Question.Topic != x.File).Select(x => $"{x.Question.Id} ({x.Question.Topic}) in {x.File}.jsonl").ShouldBeEmpty();
        var declined = Questions.Where(x => x.Question.OutOfScope).ToList();
        declined.Where(x => x.File != "out-of-scope" || x.Question.Style is not ("out-of-scope" or "injection"))
            .Select(x => x.Question.Id).ShouldBeEmpty();
        Questions.Where(x => x.File == "out-of-scope" && !x.Question.OutOfScope).Select(x => x.Question.Id).ShouldBeEmpty();
    }

    [Fact]
    public void Every_answerable_question_names_expected_sources_that_exist()
    {
        var missing = Questions.Where(x => !x.Question.OutOfScope)
            .SelectMany(x => x.Question.ExpectSources.DefaultIfEmpty("(none)").Select(s => (x.Question.Id, Source: s)))
            .Where(x => !File.Exists(Path.Combine(RepositoryPaths.Knowledge, x.Source)))
            .Select(x => $"{x.Id}: {x.Source}")
            .ToList();
        missing.ShouldBeEmpty();
        Questions.Where(x => !x.Question.OutOfScope && x.Question.ExpectAny.Any(string.IsNullOrWhiteSpace)).Select(x => x.Question.Id).ShouldBeEmpty();
    }

    [Fact]
    public void The_set_is_large_and_balanced_between_languages()
    {
        Questions.Count.ShouldBeGreaterThanOrEqualTo(300);
        Questions.Count(x => x.Question.OutOfScope).ShouldBeGreaterThanOrEqualTo(16);
        var vi = Questions.Count(x => x.Question.Lang == "vi");
        var en = Questions.Count(x => x.Question.Lang == "en");
        Math.Abs(vi - en).ShouldBeLessThan(Questions.Count / 10);
    }
}
