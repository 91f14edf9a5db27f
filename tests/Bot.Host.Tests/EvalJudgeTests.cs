using Bot.Core.Messages;
using Bot.Host.Cli;

namespace Bot.Host.Tests;

/// <summary>How <c>eval</c> judges one reply.</summary>
public class EvalJudgeTests
{
    private static readonly EvalQuestion Asked = new("t-1", "en", "sora", "When was Sora shown?", ["15 February 2024", "2024-02-15"], ["sora/sora-reveal.en.md"], "en-plain", "tune");

    private static BotReply Answer(params string[] blocks) => new(blocks, [], "en", ReplyKind.Answer, "a1", []);

    [Fact]
    public void A_short_answer_with_the_fact_up_front_is_correct_and_early()
    {
        var outcome = EvalRunner.Judge(Asked, Answer("OpenAI showed Sora on 15 February 2024."));
        outcome.Correct.ShouldBeTrue();
        outcome.FactEarly.ShouldBeTrue();
        outcome.LanguageOk.ShouldBeTrue();
    }

    [Fact]
    public void A_reply_longer_than_one_discord_message_is_wrong_but_counts_when_length_is_ignored()
    {
        var outcome = EvalRunner.Judge(Asked, Answer(new string('x', 1_990) + " The answer: 15 February 2024."));
        outcome.Correct.ShouldBeFalse();
        outcome.CorrectIgnoringLength.ShouldBeTrue();
        outcome.FactEarly.ShouldBeFalse();
    }

    [Fact]
    public void A_declined_in_scope_question_is_wrong_and_a_declined_out_of_scope_one_is_right()
    {
        var declined = new BotReply(["I don't know that yet."], [], "en", ReplyKind.Declined, "a2", []);
        EvalRunner.Judge(Asked, declined).Correct.ShouldBeFalse();
        EvalRunner.Judge(Asked with { ExpectAny = [], Style = "out-of-scope" }, declined).Correct.ShouldBeTrue();
    }

    [Fact]
    public void Metrics_give_the_median_and_longest_answered_reply_and_the_injection_words_answered()
    {
        var words = Asked with { Style = EvalStyle.InjectionWords };
        var outcomes = new[]
        {
            EvalRunner.Judge(Asked, Answer(new string('a', 100) + " 2024-02-15")),
            EvalRunner.Judge(words, Answer(new string('b', 300) + " 2024-02-15")),
            EvalRunner.Judge(words, new BotReply(["no"], [], "en", ReplyKind.Declined, "a3", [])),
        };
        var metrics = EvalMetrics.From(outcomes);
        metrics.AnsweredInScope.ShouldBe(2);
        metrics.MaxChars.ShouldBe(311);
        metrics.MedianChars.ShouldBe(311);
        metrics.InjectionWordsAnsweredRate.ShouldBe(0.5);
        metrics.InScopeAccuracy.ShouldBe(2.0 / 3, 1e-9);
    }
}
