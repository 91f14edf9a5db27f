using Bot.Core.Answering;
using Bot.Core.Diagnostics;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Knowledge.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Engine;

/// <summary>Why the pipeline's evidence may not be answered from.</summary>
public enum EvidenceVerdict
{
    /// <summary>Strong enough: hand it to the answerer.</summary>
    Accepted,

    /// <summary>The message asks only to change the bot's instructions or role, or for its prompt.</summary>
    Hostile,

    /// <summary>The knowledge holds nothing close enough to the question.</summary>
    WeakEvidence,
}

/// <summary>What the pipeline found for one question.</summary>
/// <param name="Verdict">Whether to answer from <paramref name="Hits"/>.</param>
/// <param name="Query">The query that was searched (the question, or a follow-up rewritten to stand on its own).</param>
/// <param name="Hits">Sections best first, in the asker's language where a twin exists (empty for hostile messages).</param>
/// <param name="Previous">For a reply to an earlier answer: that question and answer.</param>
public sealed record Evidence(
    EvidenceVerdict Verdict,
    string Query,
    IReadOnlyList<SearchHit> Hits,
    ConversationTurn? Previous)
{
    public bool Accepted => Verdict == EvidenceVerdict.Accepted;

    /// <summary>The reason recorded in metrics and logs when the evidence is declined.</summary>
    public string DeclineReason => Verdict switch
    {
        EvidenceVerdict.Hostile => QuestionLogEntry.HostileReason,
        EvidenceVerdict.WeakEvidence => "weak-evidence",
        _ => string.Empty,
    };
}

/// <summary>
/// How a question becomes evidence, in order: the scope check, the earlier turn it replies to, the rewrite of a
/// follow-up into a query that stands on its own, retrieval, the focus on what a follow-up adds, the evidence gate,
/// and finally each section swapped for its twin in the asker's language.
/// </summary>
public sealed partial class EvidencePipeline(
    IKnowledgeBase knowledge,
    IKnowledgeRetriever retriever,
    IQueryRewriter rewriter,
    IAnswerStore answers,
    IOptions<BotOptions> options,
    ILogger<EvidencePipeline> logger)
{
    /// <summary>Finds and judges the evidence for <paramref name="question"/> (already cleaned and cut).</summary>
    public async Task<Evidence> GatherAsync(IncomingMessage message, string question, string lang, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (ScopeGuard.IsHostile(question))
        {
            return new Evidence(EvidenceVerdict.Hostile, question, [], null);
        }

        var previous = await FindEarlierTurnAsync(message, cancellationToken);
        var settings = options.Value;
        IReadOnlyList<SearchHit> hits;
        string query;
        using (var retrieving = BotTelemetry.Start(BotTelemetry.RetrieveActivity, message.Platform))
        {
            query = await rewriter.RewriteAsync(question, previous, cancellationToken);
            LogQuestion(logger, message.Platform, lang, question, query);
            hits = await retriever.RetrieveAsync(new SearchQuery(query, lang, settings.RetrievalTop), cancellationToken);
            if (previous is not null)
            {
                hits = FocusOnFollowUp(hits, question, previous.Question);
            }

            if (previous is not null && !EvidenceGate.IsStrongEnough(hits, settings.MinEvidence))
            {
                // A follow-up may stand on its own after all ("what about DeepSeek?" answered by a fresh search).
                hits = await retriever.RetrieveAsync(new SearchQuery(question, lang, settings.RetrievalTop), cancellationToken);
            }

            retrieving?.SetTag(BotTelemetry.Tags.Hits, hits.Count);
        }

        if (!EvidenceGate.Accepts(hits, query, settings.MinEvidence))
        {
            return new Evidence(EvidenceVerdict.WeakEvidence, query, hits, previous);
        }

        return new Evidence(EvidenceVerdict.Accepted, query, PreferAskerLanguage(hits, lang), previous);
    }

    /// <summary>The question and answer this message replies to, when it replies to one of the bot's answers.</summary>
    private async Task<ConversationTurn?> FindEarlierTurnAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.ReplyToMessageId is not { } replyTo)
        {
            return null;
        }

        var earlier = await answers.FindByMessageAsync(message.Platform, message.ChatId, replyTo, cancellationToken);
        return earlier is null ? null : new ConversationTurn(earlier.Question, earlier.AnswerText);
    }

    /// <summary>
    /// A follow-up is searched with the earlier question's words for context, but its answer must be about what the
    /// follow-up adds ("Huawei" in "còn Huawei thì sao?"): sections that mention those new words come first.
    /// </summary>
    private static IReadOnlyList<SearchHit> FocusOnFollowUp(IReadOnlyList<SearchHit> hits, string question, string previousQuestion)
    {
        var earlier = new HashSet<string>(KnowledgeText.ContentTerms(previousQuestion), StringComparer.Ordinal);
        var added = KnowledgeText.ContentTerms(question).Where(t => !earlier.Contains(t)).ToHashSet(StringComparer.Ordinal);
        if (added.Count == 0)
        {
            return hits;
        }

        return [.. hits.OrderByDescending(h =>
        {
            var terms = KnowledgeText.Terms(h.Section.DocumentTitle + "\n" + h.Section.Heading + "\n" + h.Section.Text);
            return terms.Count(added.Contains);
        })];
    }

    /// <summary>
    /// When the best section is in the other language but the same subject exists in the asker's language, answers
    /// from the asker's version of that section (same file id, same position) instead.
    /// </summary>
    private List<SearchHit> PreferAskerLanguage(IReadOnlyList<SearchHit> hits, string lang)
    {
        var documents = knowledge.Current.Documents;
        var result = new List<SearchHit>(hits.Count);
        foreach (var hit in hits)
        {
            var section = hit.Section;
            if (section.Lang != lang && Twin(documents, section, lang) is { } twin)
            {
                if (!result.Any(h => h.Section.Key == twin.Key) && !hits.Any(h => h.Section.Key == twin.Key))
                {
                    result.Add(hit with { Section = twin });
                }

                continue;
            }

            if (!result.Any(h => h.Section.Key == section.Key))
            {
                result.Add(hit);
            }
        }

        return result;
    }

    private static KnowledgeSection? Twin(IReadOnlyList<KnowledgeDocument> documents, KnowledgeSection section, string lang)
    {
        KnowledgeDocument? source = null, target = null;
        foreach (var d in documents)
        {
            if (d.Id != section.DocumentId)
            {
                continue;
            }

            if (d.Lang == section.Lang && d.Path == section.Path)
            {
                source = d;
            }
            else if (d.Lang == lang)
            {
                target = d;
            }
        }

        if (source is null || target is null)
        {
            return null;
        }

        var index = -1;
        for (var i = 0; i < source.Sections.Count; i++)
        {
            if (source.Sections[i].Key == section.Key)
            {
                index = i;
                break;
            }
        }

        return index >= 0 && index < target.Sections.Count ? target.Sections[index] : null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Platform} question ({Lang}): {Question} | query: {Query}")]
    private static partial void LogQuestion(ILogger logger, string platform, string lang, string question, string query);
}
