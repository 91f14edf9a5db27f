using Bot.Core.Engine;
using Bot.Host.Cli;
using Bot.Knowledge.Loading;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests;

/// <summary>The accuracy bar of the extractive bot on the development question set.</summary>
[Collection(CliCollection.Name)]
public class DevQuestionSetTests
{
    [Fact]
    public async Task Meets_the_accuracy_bar_on_the_development_questions()
    {
        var questions = EvalRunner.Load(Path.Combine(RepositoryPaths.Eval, "dev-questions.jsonl"));
        await using var app = BotHost.Build(BotHost.CreateBuilder(["--knowledge", RepositoryPaths.Knowledge], includePlatforms: false));
        await app.Services.GetRequiredService<IKnowledgeBase>().ReloadAsync();

        var report = await EvalRunner.RunAsync(app.Services.GetRequiredService<IBotEngine>(), questions);

        var summary = EvalCommandFormat(report);
        report.InScopeAccuracy.ShouldBeGreaterThanOrEqualTo(0.90, summary);
        report.OutOfScopeDeclined.ShouldBeGreaterThanOrEqualTo(0.90, summary);
        report.LanguageAccuracy.ShouldBeGreaterThanOrEqualTo(0.98, summary);
        report.SourceHitRate.ShouldBeGreaterThanOrEqualTo(0.90, summary);
    }

    [Fact]
    public void The_development_set_is_large_and_balanced_enough()
    {
        var questions = EvalRunner.Load(Path.Combine(RepositoryPaths.Eval, "dev-questions.jsonl"));
        questions.Count.ShouldBeGreaterThanOrEqualTo(120);
        questions.Count(q => q.OutOfScope).ShouldBeGreaterThanOrEqualTo(10);
        var vi = questions.Count(q => q.Lang == "vi");
        var en = questions.Count(q => q.Lang == "en");
        Math.Abs(vi - en).ShouldBeLessThan(questions.Count / 10);
        questions.Where(q => !q.OutOfScope).ShouldAllBe(q => q.ExpectSources.Count > 0);
        questions.Select(q => q.Id).Distinct().Count().ShouldBe(questions.Count);
    }

    private static string EvalCommandFormat(EvalReport report) => EvalCommand.Format(report);
}
