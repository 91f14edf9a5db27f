using Bot.Core.Engine;
using Bot.Host.Cli;
using Bot.Knowledge.Loading;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Bot.Host.Tests;

/// <summary>
/// CI's guard on answer quality over every question in <c>tests/eval/</c>. The goals of issue #11 live in
/// <see cref="EvalGoals"/>. The tune split must meet each goal that is met today; where a goal is not met yet, it must
/// stay at least as good as today's measured value (<see cref="Required"/>). The test split is only held to the last
/// numbers recorded in <c>tests/eval/recorded.json</c> (<c>eval tests/eval --record</c>), minus 3 points.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class EvalGuardTests(EvalGuardTests.Run run, ITestOutputHelper output) : IClassFixture<EvalGuardTests.Run>
{
    /// <summary>
    /// What the tune split must reach. A goal of #11 appears as itself where the bot meets it today; otherwise the value
    /// is TODAY'S MEASURED VALUE (2026-12-03 14:40 UTC: 1,178 tune questions of 1,918, after 140 + 80 fresh chatty
    /// questions, 60 fresh "what is X" questions, 110 fresh messages shaped as chat shapes them and 130 fresh short
    /// questions were added; ratios truncated to a whole percent), a floor that keeps
    /// the bot from getting worse. Raise a floor whenever the bot improves, and replace it by the goal once the goal is
    /// met.
    /// </summary>
    internal static class Required
    {
        public const double InScopeCorrect = 0.91; // goal EvalGoals.InScopeCorrect (95%), not met on 2026-12-03 14:40: 91.9% (847 of 922)
        public const double Declined = EvalGoals.Declined; // goal met on 2026-12-03 14:40: 97.3% (249 of 256), after being met at 03:35 and lost to fresh questions to decline
        public const double Language = 0.99; // goal EvalGoals.Language (100%), not met on 2026-12-03 14:40: 99.9%
        public const double FactEarly = 0.89; // goal EvalGoals.FactEarly (90%), not met on 2026-12-03 14:40: 89.2%
        public const int MedianChars = EvalGoals.MedianChars; // goal met: 532
        public const int MaxChars = EvalGoals.MaxReplyChars; // goal met: 1,052
        public const double InjectionWordsAnswered = EvalGoals.InjectionWordsAnswered; // goal met on 2026-12-03 06:10: 100% (42 of 42)
    }

    [Fact]
    public async Task The_tune_split_meets_the_goals_met_today_and_stays_above_todays_floors()
    {
        var report = await run.ReportAsync();
        var tune = report.Split(EvalSplit.Tune);
        var summary = "Below a floor of EvalGuardTests.Required? If the bot got worse, fix it; if questions were added, re-measure"
            + " and update the floors and recorded.json (tests/eval/README.md).\n" + EvalCommand.Format(report);
        output.WriteLine(summary);

        tune.InScope.ShouldBeGreaterThan(0);
        tune.InScopeAccuracy.ShouldBeGreaterThanOrEqualTo(Required.InScopeCorrect, summary);
        tune.DeclinedRate.ShouldBeGreaterThanOrEqualTo(Required.Declined, summary);
        tune.LanguageRate.ShouldBeGreaterThanOrEqualTo(Required.Language, summary);
        tune.FactEarlyRate.ShouldBeGreaterThanOrEqualTo(Required.FactEarly, summary);
        tune.MedianChars.ShouldBeLessThanOrEqualTo(Required.MedianChars, summary);
        tune.MaxChars.ShouldBeLessThanOrEqualTo(Required.MaxChars, summary);
        tune.InjectionWordsAnsweredRate.ShouldBeGreaterThanOrEqualTo(Required.InjectionWordsAnswered, summary);
    }

    [Fact]
    public async Task The_test_split_stays_within_three_points_of_the_recorded_numbers()
    {
        var recorded = EvalRecord.Read(Path.Combine(RepositoryPaths.Eval, EvalRunner.RecordFileName));
        recorded.ShouldNotBeNull($"run `eval tests/eval --record` and commit {EvalRunner.RecordFileName}");
        var test = (await run.ReportAsync()).Split(EvalSplit.Test);
        var slack = EvalGoals.TestSplitDropPoints / 100;
        output.WriteLine($"test split: in-scope {test.InScopeAccuracy:P1} (recorded {recorded.Test.InScopeAccuracy:P1}), declined {test.DeclinedRate:P1} (recorded {recorded.Test.DeclinedRate:P1})");

        test.InScopeAccuracy.ShouldBeGreaterThanOrEqualTo(recorded.Test.InScopeAccuracy - slack);
        test.DeclinedRate.ShouldBeGreaterThanOrEqualTo(recorded.Test.DeclinedRate - slack);
    }

    /// <summary>One pass of the real host's engine over every question, shared by the tests of this class.</summary>
    public sealed class Run
    {
        private readonly Lazy<Task<EvalReport>> report = new(RunAsync);

        public Task<EvalReport> ReportAsync() => report.Value;

        private static async Task<EvalReport> RunAsync()
        {
            var questions = EvalRunner.Load(RepositoryPaths.Eval);
            await using var app = BotHost.Build(BotHost.CreateBuilder(["--knowledge", RepositoryPaths.Knowledge], includePlatforms: false));
            await app.Services.GetRequiredService<IKnowledgeBase>().ReloadAsync();
            return await EvalRunner.RunAsync(app.Services.GetRequiredService<IBotEngine>(), questions);
        }
    }
}
