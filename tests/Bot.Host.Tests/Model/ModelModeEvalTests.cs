using Bot.Core.Answering;
using Bot.Core.Engine;
using Bot.Core.Llm;
using Bot.Host.Cli;
using Bot.Knowledge.Search;
using Bot.Knowledge.Vectors;
using Bot.Testing;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Bot.Host.Tests.Model;

/// <summary>
/// The development question set through the real host's engine in model mode, against the fake model scripted to
/// answer from its first context item: once with lexical retrieval, once with embeddings fused in.
/// </summary>
public sealed class ModelModeEvalTests(ModelModeEvalTests.Runs runs, ITestOutputHelper output) : IClassFixture<ModelModeEvalTests.Runs>
{
    /// <summary>
    /// Floors at TODAY'S MEASURED VALUES over all questions of <c>tests/eval/</c> (2026-12-02 19:30 UTC, 614 questions,
    /// knowledge v2 of sora and chinese-llms; in-scope ignoring length / declined / language: lexical 85.0% / 79.6% /
    /// 97.4%, fused 83.4% / 82.6% / 97.4%; truncated), so that model mode does not get worse. The goals of issue #11
    /// are in <see cref="EvalGoals"/>; raise these floors as the bot improves.
    /// </summary>
    private static class Floors
    {
        // 82.8% fused, 84.2% lexical since the model sees at most 3 sections nearly as relevant as the best (#11 §5): the
        // fake model quotes its first context item whole, so fewer sections of the first file put fewer facts in its reply.
        public const double InScopeIgnoringLength = 0.82;
        public const double Declined = 0.79;
        public const double Language = 0.97;

        /// <summary>
        /// Embeddings may cost at most this much in-scope accuracy against lexical alone: fused was 1.6 points (7 questions)
        /// below lexical on 2026-12-02 while declining 3 points more out-of-scope questions.
        /// </summary>
        public const double FusedInScopeSlack = 0.02;

        /// <summary>
        /// Embeddings may decline at most this many fewer out-of-scope questions than lexical alone (about one question
        /// of 167). Until 2026-12-03 fused declined exactly as many; then a rule of the lexical gate (a bare number such
        /// as "10" does not anchor a question to a section) declined one more question in lexical mode, while the fused
        /// ranking (the fake embedder is a bag of words) reaches that question through another section. Each mode
        /// answers four or five out-of-scope questions the other declines; a difference of one is that noise.
        /// </summary>
        public const double FusedDeclinedSlack = 0.01;
    }

    [Fact]
    public async Task The_dev_set_meets_the_accuracy_thresholds_in_model_mode()
    {
        var run = await runs.LexicalAsync();
        output.WriteLine(EvalCommand.Format(run.Report));

        // The fake model's reply length says nothing about the bot, so in-scope answers are judged ignoring length here.
        run.AnswererType.ShouldBe(typeof(ModelAnswerer));
        run.ChatCalls.ShouldBeGreaterThan(run.Report.InScope.Count() / 2);
        run.Report.All.InScopeIgnoringLength.ShouldBeGreaterThanOrEqualTo(Floors.InScopeIgnoringLength);
        run.Report.OutOfScopeDeclined.ShouldBeGreaterThanOrEqualTo(Floors.Declined);
        run.Report.LanguageAccuracy.ShouldBeGreaterThanOrEqualTo(Floors.Language);
    }

    [Fact]
    public async Task With_embeddings_the_fused_ranking_is_at_least_as_good_as_lexical_alone()
    {
        var lexical = await runs.LexicalAsync();
        var fused = await runs.FusedAsync();
        output.WriteLine($"lexical: in-scope {lexical.Report.All.InScopeIgnoringLength:P1}, out-of-scope declined {lexical.Report.OutOfScopeDeclined:P1}, language {lexical.Report.LanguageAccuracy:P1}, expected source cited {lexical.Report.SourceHitRate:P1}, expected source first {lexical.SourceFirst:P1}");
        output.WriteLine($"fused:   in-scope {fused.Report.All.InScopeIgnoringLength:P1}, out-of-scope declined {fused.Report.OutOfScopeDeclined:P1}, language {fused.Report.LanguageAccuracy:P1}, expected source cited {fused.Report.SourceHitRate:P1}, expected source first {fused.SourceFirst:P1}");
        output.WriteLine(EvalCommand.Format(fused.Report));
        fused.VectorsReady.ShouldBeTrue();
        fused.EmbeddedInputs.ShouldBeGreaterThan(0);
        // Judged as users see it: the share of questions answered correctly, of out-of-scope questions declined, and
        // of replies in the asker's language. The retrieval-only figures are printed above for the record.
        fused.Report.All.InScopeIgnoringLength.ShouldBeGreaterThanOrEqualTo(lexical.Report.All.InScopeIgnoringLength - Floors.FusedInScopeSlack);
        fused.Report.OutOfScopeDeclined.ShouldBeGreaterThanOrEqualTo(lexical.Report.OutOfScopeDeclined - Floors.FusedDeclinedSlack);
        fused.Report.LanguageAccuracy.ShouldBeGreaterThanOrEqualTo(lexical.Report.LanguageAccuracy);
        fused.Report.All.InScopeIgnoringLength.ShouldBeGreaterThanOrEqualTo(Floors.InScopeIgnoringLength);
        fused.Report.OutOfScopeDeclined.ShouldBeGreaterThanOrEqualTo(Floors.Declined);
        fused.Report.LanguageAccuracy.ShouldBeGreaterThanOrEqualTo(Floors.Language);
    }

    /// <summary>What one pass over the set produced.</summary>
    /// <param name="SourceFirst">Share of in-scope questions whose top retrieved section is from an expected file.</param>
    public sealed record RunResult(EvalReport Report, double SourceFirst, Type AnswererType, int ChatCalls, bool VectorsReady, int EmbeddedInputs);

    /// <summary>Each pass runs once per test class, whichever test asks first.</summary>
    public sealed class Runs : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private RunResult? _lexical;
        private RunResult? _fused;

        public async Task<RunResult> LexicalAsync() => _lexical ??= await RunOnceAsync(embeddings: false);

        public async Task<RunResult> FusedAsync() => _fused ??= await RunOnceAsync(embeddings: true);

        public ValueTask DisposeAsync()
        {
            _gate.Dispose();
            return ValueTask.CompletedTask;
        }

        private async Task<RunResult> RunOnceAsync(bool embeddings)
        {
            await _gate.WaitAsync();
            try
            {
                return await RunAsync(embeddings);
            }
            finally
            {
                _gate.Release();
            }
        }

        private static async Task<RunResult> RunAsync(bool embeddings)
        {
            await using var server = await FakeOpenAiServer.StartAsync();
            await using var host = await BotTestHost.Create()
                .WithoutPlatforms()
                .WithModel(server, embeddings)
                .With("Llm:ApiKey", "sk-eval")
                .WithLogLevel(LogLevel.Information)
                .StartAsync();
            var app = host.App;
            var indexer = app.Services.GetRequiredService<EmbeddingIndexer>();
            await indexer.FirstAttempt.WaitAsync(TimeSpan.FromMinutes(2));
            var vectorsReady = app.Services.GetRequiredService<EmbeddingIndex>().IsReady;

            var questions = EvalRunner.Load(RepositoryPaths.Eval);
            var report = await EvalRunner.RunAsync(app.Services.GetRequiredService<IBotEngine>(), questions);

            var retriever = app.Services.GetRequiredService<IKnowledgeRetriever>();
            var inScope = questions.Where(q => !q.OutOfScope && q.ExpectSources.Count > 0).ToList();
            var first = 0;
            foreach (var q in inScope)
            {
                var hits = await retriever.RetrieveAsync(new SearchQuery(q.Question, q.Lang, 8));
                if (hits.Count > 0 && q.ExpectSources.Contains(hits[0].Section.Path, StringComparer.Ordinal))
                {
                    first++;
                }
            }

            return new RunResult(
                report,
                inScope.Count == 0 ? 1 : (double)first / inScope.Count,
                app.Services.GetRequiredService<IAnswerer>().GetType(),
                server.ChatCalls.Count,
                vectorsReady,
                server.EmbeddedInputCount);
        }
    }
}
