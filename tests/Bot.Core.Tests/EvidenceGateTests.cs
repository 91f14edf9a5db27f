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

    [Fact]
    public void A_shared_bare_number_does_not_anchor_a_vietnamese_question_to_a_section()
    {
        var section = LlmTestKit.Section("llm/ernie.vi.md", "vi", "Ernie Bot", "Ernie Bot có bao nhiêu người dùng?",
            "Ernie Bot có 10 triệu người dùng sau một ngày, theo Baidu.");

        EvidenceGate.Accepts([new SearchHit(section, 10, 0.5)], "mua điện thoại tầm 10 triệu con nào ngon", EvidenceGate.DefaultMinEvidence).ShouldBeFalse();
        EvidenceGate.Accepts([new SearchHit(section, 10, 0.5)], "ernie bot co bao nhieu nguoi dung", EvidenceGate.DefaultMinEvidence).ShouldBeTrue();
    }

    [Fact]
    public void A_pair_typed_with_diacritics_anchors_only_a_section_that_writes_it_with_the_same_marks()
    {
        // Folded, "có quận" (has districts) and "cơ quan" (agency) are the same pair of syllables.
        var section = LlmTestKit.Section("rules/labels.vi.md", "vi", "Dán nhãn", "Cơ quan nào ban hành quy định?",
            "Bốn cơ quan cùng ban hành quy định dán nhãn nội dung.");

        EvidenceGate.Accepts([new SearchHit(section, 10, 1.0)], "Hà Nội có quận?", EvidenceGate.DefaultMinEvidence).ShouldBeFalse();
        EvidenceGate.Accepts([new SearchHit(section, 10, 1.0)], "Cơ quan nào ban hành?", EvidenceGate.DefaultMinEvidence).ShouldBeTrue();
        EvidenceGate.Accepts([new SearchHit(section, 10, 1.0)], "co quan nao ban hanh", EvidenceGate.DefaultMinEvidence).ShouldBeTrue();
    }

    [Fact]
    public void Either_placement_of_a_tone_mark_and_either_unicode_form_write_the_same_pair()
    {
        // "hoá" and "hóa" are the old and the new placement of the same tone mark.
        var section = LlmTestKit.Section("rules/labels.vi.md", "vi", "Dán nhãn", "Quy định về văn hoá số là gì?",
            "Quy định về văn hoá số được ban hành năm 2025.");

        EvidenceGate.Accepts([new SearchHit(section, 10, 1.0)], "quy định văn hóa số", EvidenceGate.DefaultMinEvidence).ShouldBeTrue();
        EvidenceGate.Accepts([new SearchHit(section, 10, 1.0)], "quy định văn hóa số".Normalize(System.Text.NormalizationForm.FormD), EvidenceGate.DefaultMinEvidence).ShouldBeTrue();
        EvidenceGate.Accepts([new SearchHit(section, 10, 1.0)], "văn hòa số", EvidenceGate.DefaultMinEvidence).ShouldBeFalse();
    }

    [Fact]
    public void Less_coverage_is_enough_from_a_document_about_a_name_the_question_uses()
    {
        var coverage = EvidenceGate.DefaultMinEvidence * ((1 + EvidenceGate.NamedDocumentShare) / 2);

        EvidenceGate.Accepts([new SearchHit(LlmTestKit.KlingEn, 10, coverage) { NamesDocument = true }], "kling max clip lenght?", EvidenceGate.DefaultMinEvidence).ShouldBeTrue();
        EvidenceGate.Accepts([new SearchHit(LlmTestKit.KlingEn, 10, coverage)], "kling max clip lenght?", EvidenceGate.DefaultMinEvidence).ShouldBeFalse();
    }

    [Fact]
    public void A_document_about_the_name_still_needs_some_coverage_and_the_subject()
    {
        var thin = EvidenceGate.DefaultMinEvidence * EvidenceGate.NamedDocumentShare * 0.9;

        EvidenceGate.Accepts([new SearchHit(LlmTestKit.KlingEn, 10, thin) { NamesDocument = true }], "Kling stock tips for my cousin's wedding budget?", EvidenceGate.DefaultMinEvidence).ShouldBeFalse();
        EvidenceGate.Accepts([new SearchHit(LlmTestKit.KlingEn, 10, 0.3) { NamesDocument = true, HasSubject = false }], "When did Gemini beat Kling?", EvidenceGate.DefaultMinEvidence).ShouldBeFalse();
    }
}

public class SubjectFirstTests
{
    private static readonly SearchHit Unnamed = new(LlmTestKit.KlingEn, 10, 0.8) { HasSubject = false };

    [Fact]
    public void A_nearly_as_relevant_section_naming_the_subject_answers_before_a_best_section_that_does_not()
    {
        var named = new SearchHit(LlmTestKit.KlingEn with { Key = "named" }, 9, 0.8);
        EvidencePipeline.SubjectFirst([Unnamed, named]).ShouldBe([named, Unnamed]);
    }

    [Fact]
    public void A_section_naming_the_subject_far_behind_the_best_is_not_promoted()
    {
        var weak = new SearchHit(LlmTestKit.KlingEn with { Key = "weak" }, 5, 0.8);
        var thin = new SearchHit(LlmTestKit.KlingEn with { Key = "thin" }, 9.5, 0.5);
        EvidencePipeline.SubjectFirst([Unnamed, weak, thin]).ShouldBe([Unnamed, weak, thin]);
    }

    [Fact]
    public void Only_the_next_two_sections_may_take_the_best_ones_place()
    {
        var other = new SearchHit(LlmTestKit.KlingEn with { Key = "other" }, 9.9, 0.8) { HasSubject = false };
        var fourth = new SearchHit(LlmTestKit.KlingEn with { Key = "fourth" }, 9.8, 0.8);
        EvidencePipeline.SubjectFirst([Unnamed, other, other with { Section = LlmTestKit.KlingEn with { Key = "third" } }, fourth])[0].ShouldBe(Unnamed);
    }
}

public class PreferStatusTests
{
    private static SearchHit Hit(string heading, double score, bool subject = true) =>
        new(LlmTestKit.Section("sora/app.en.md", "en", "Sora app", heading, "Text.") with { Key = heading }, score, 0.8) { HasSubject = subject };

    [Fact]
    public void A_nearly_ranked_section_whose_heading_asks_about_the_present_answers_a_question_about_the_present_first()
    {
        var feature = Hit("What is the cameo feature in the Sora app?", 10);
        var launch = Hit("When did the Sora app launch?", 6);
        var status = Hit("Can Sora still be used now?", 5);

        EvidencePipeline.PreferStatus([feature, launch, status])!.ShouldBe([status, feature, launch]);
    }

    [Fact]
    public void A_best_section_that_already_asks_about_the_present_keeps_its_place() =>
        EvidencePipeline.PreferStatus([Hit("Is Sora still available?", 10), Hit("Can Sora still be used now?", 9)]).ShouldBeNull();

    [Fact]
    public void A_status_section_without_the_subject_or_beyond_the_next_three_does_not_move()
    {
        var best = Hit("What is the cameo feature in the Sora app?", 10);

        EvidencePipeline.PreferStatus([best, Hit("Is Kling still available?", 9, subject: false)]).ShouldBeNull();
        EvidencePipeline.PreferStatus([best, Hit("a", 9), Hit("b", 8), Hit("c", 7), Hit("Can Sora still be used now?", 6)]).ShouldBeNull();
    }
}
