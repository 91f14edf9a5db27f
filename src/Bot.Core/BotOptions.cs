using System.ComponentModel.DataAnnotations;

namespace Bot.Core;

/// <summary>Behaviour of the core, bound from the <c>Bot</c> section.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>Longer questions are cut to this many characters, with a note to the asker.</summary>
    [Range(20, 20_000, ErrorMessage = "Bot:MaxQuestionChars must be between 20 and 20000.")]
    public int MaxQuestionChars { get; set; } = 1_000;

    /// <summary>An extractive answer quotes at most about this many characters before its sources.</summary>
    [Range(200, 4_000, ErrorMessage = "Bot:MaxAnswerChars must be between 200 and 4000.")]
    public int MaxAnswerChars { get; set; } = 1_000;

    /// <summary>
    /// The least evidence the bot answers from: the share of the question's (IDF-weighted) content terms found in the
    /// best section. Below it the bot says it does not know. See <see cref="Engine.EvidenceGate"/> for how the default
    /// was chosen.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "Bot:MinEvidence must be between 0 and 1.")]
    public double MinEvidence { get; set; } = Engine.EvidenceGate.DefaultMinEvidence;

    /// <summary>How many sections retrieval hands to the answerer at most.</summary>
    [Range(1, 20, ErrorMessage = "Bot:RetrievalTop must be between 1 and 20.")]
    public int RetrievalTop { get; set; } = 8;
}
