using System.Text.RegularExpressions;
using Bot.Knowledge.Text;

namespace Bot.Core.Engine;

/// <summary>
/// Recognises messages the bot declines whatever the knowledge holds: attempts to change its instructions or role,
/// and requests for its hidden prompt. Matching runs on folded text, so diacritics and case do not matter.
/// Off-topic questions (weather, football, cooking) need no list: they find no evidence and are declined by the
/// <see cref="EvidenceGate"/>.
/// </summary>
public static partial class ScopeGuard
{
    public static bool IsHostile(string text)
    {
        var folded = KnowledgeText.Fold(text);
        return Hostile().IsMatch(folded);
    }

    // English and Vietnamese (folded: no diacritics, lower case).
    [GeneratedRegex(
        @"\b(ignore|disregard|forget|override|bypass)\b.{0,20}\b(your|all|any|previous|prior|above|earlier|these|those|system)\b.{0,20}\b(instructions?|prompts?|rules|guidelines|directives)\b" +
        @"|\b(system|hidden|initial|developer)\s+(prompt|message|instructions?)\b" +
        @"|\b(reveal|show|print|repeat|tell me)\b.{0,30}\b(your|the)\s+(prompt|instructions|rules)\b" +
        @"|\byou are now\b|\bpretend (to be|you are)\b|\bact as\b|\bjailbreak\b|\bdo anything now\b|\bdan mode\b|\broleplay\b|\brole-play\b" +
        @"|\b(bo qua|phot lo|quen|bo het)\b.{0,40}\b(huong dan|chi dan|chi thi|lenh|quy tac|nguyen tac|prompt)\b" +
        @"|\b(tiet lo|cho (toi|minh|tao) xem|in ra|nhac lai)\b.{0,30}\b(prompt|huong dan|chi dan|quy tac)\b" +
        @"|\b(gia vo|dong vai|nhap vai|hay tro thanh)\b",
        RegexOptions.CultureInvariant | RegexOptions.Singleline, matchTimeoutMilliseconds: 200)]
    private static partial Regex Hostile();
}
