using Bot.Core.Language;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Knowledge.Text;

namespace Bot.Core.Engine;

/// <summary>Decides whether retrieved evidence is strong enough to answer from.</summary>
public static class EvidenceGate
{
    /// <summary>
    /// Calibrated on tests/eval/dev-questions.jsonl with the eval verb (<c>eval FILE --Bot:MinEvidence=X</c>) over
    /// 284 in-scope and 16 out-of-scope questions: at 0.3, 95% of in-scope questions are answered correctly but only
    /// 69% of off-topic ones are declined (a Vietnamese question about gold prices or football shares enough common
    /// syllables with the corpus); at 0.5 every off-topic one but one is declined, but in-scope accuracy drops to 85%
    /// because casual words ("exactly", "thing", "killing") and typos count as missing evidence. 0.4 keeps both above
    /// 90% (92% / 94% when chosen). Off-topic questions whose words are all unknown to the corpus score 0.
    /// </summary>
    public const double DefaultMinEvidence = 0.4;

    public static bool IsStrongEnough(IReadOnlyList<SearchHit> hits, double minEvidence) =>
        hits.Count > 0 && hits[0].Coverage >= minEvidence;

    /// <summary>
    /// Coverage alone is fooled by Vietnamese typed without diacritics: once folded, the syllables of "thời tiết hà nội"
    /// (weather in Hanoi) each occur somewhere in the corpus. So the best section must also share an anchor with the
    /// question: a pair of adjacent words (a bigram such as <c>thoi_tiet</c>), or a word that is not a Vietnamese
    /// syllable (a name, an English word, a number). A question with no anchors at all passes on coverage alone.
    /// </summary>
    public static bool SharesAnAnchor(string question, KnowledgeSection best)
    {
        ArgumentNullException.ThrowIfNull(best);
        var anchors = KnowledgeText.Terms(question).Where(IsAnchor).ToHashSet(StringComparer.Ordinal);
        if (anchors.Count == 0)
        {
            return true;
        }

        var text = string.Join('\n', [best.DocumentTitle, best.Heading, best.Text, .. best.Aliases, .. best.Tags]);
        return KnowledgeText.Terms(text).Any(anchors.Contains);
    }

    private static bool IsAnchor(string term) =>
        term.Contains('_', StringComparison.Ordinal) || !LanguageDetector.IsVietnameseSyllable(term);
}
