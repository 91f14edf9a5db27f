using Bot.Knowledge.Search;

namespace Bot.Core.Engine;

/// <summary>Decides whether retrieved evidence is strong enough to answer from.</summary>
public static class EvidenceGate
{
    /// <summary>
    /// Calibrated on tests/eval/dev-questions.jsonl (see the eval verb): in-scope questions put most of their
    /// IDF-weighted content terms in the best section (a coverage of 0.6 to 1.0), while off-topic questions share
    /// at most a common word or a name with the corpus ("weather in China", "Vietnam football") and stay below about
    /// 0.4 because their rare terms ("weather", "football", "recipe") are missing. The threshold sits between the two
    /// groups, nearer the off-topic side so that a question phrased in unusual words is still answered.
    /// </summary>
    public const double DefaultMinEvidence = 0.5;

    public static bool IsStrongEnough(IReadOnlyList<SearchHit> hits, double minEvidence) =>
        hits.Count > 0 && hits[0].Coverage >= minEvidence;
}
