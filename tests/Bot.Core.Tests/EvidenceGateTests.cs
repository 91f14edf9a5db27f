using Bot.Core.Engine;
using Bot.Core.Tests.Llm;
using Bot.Knowledge.Search;

namespace Bot.Core.Tests;

public class EvidenceGateTests
{
    private static readonly SearchHit Kling = new(LlmTestKit.KlingEn, 10, 0.9);

    [Fact]
    public void A_well_covered_section_that_has_the_question_s_subject_is_accepted() =>
        EvidenceGate.Accepts([Kling], "When did Kuaishou launch Kling?", EvidenceGate.DefaultMinEvidence).ShouldBeTrue();

    [Fact]
    public void A_well_covered_section_without_the_question_s_subject_is_declined() =>
        EvidenceGate.Accepts([Kling with { HasSubject = false }], "When did Gemini launch?", EvidenceGate.DefaultMinEvidence).ShouldBeFalse();

    [Fact]
    public void Too_little_coverage_is_declined_even_with_the_subject() =>
        EvidenceGate.Accepts([new SearchHit(LlmTestKit.KlingEn, 10, 0.2)], "Kling pricing tiers in Brazil?", EvidenceGate.DefaultMinEvidence).ShouldBeFalse();
}
