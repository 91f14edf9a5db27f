using System.Text.RegularExpressions;
using Bot.Core.Answering;
using Bot.Core.Diagnostics;
using Bot.Core.Language;
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

    /// <summary>
    /// The question asks for advice on what the asker should do (<see cref="ScopeGuard.AsksForAdvice"/>), or about the
    /// days just ahead (<see cref="ScopeGuard.AsksAboutTheComingDays"/>), which a dated record of facts does not give.
    /// </summary>
    OutOfScope,
}

/// <summary>What the pipeline found for one question.</summary>
/// <param name="Verdict">Whether to answer from <paramref name="Hits"/>.</param>
/// <param name="Question">The question as understood: chat spelling normalised (Vietnamese or English), framing such
/// as "act as my tutor and" or "ignore the hype:" removed. This is what the answerer answers.</param>
/// <param name="Query">The query that was searched (the question, or a follow-up rewritten to stand on its own).</param>
/// <param name="Hits">Sections best first, in the asker's language where a twin exists (empty for hostile messages).</param>
/// <param name="Previous">For a reply to an earlier answer: that question and answer.</param>
/// <param name="Intent">What the question asks for (when, who, how many, yes/no, about the present, a comparison, a list).</param>
public sealed record Evidence(
    EvidenceVerdict Verdict,
    string Question,
    string Query,
    IReadOnlyList<SearchHit> Hits,
    ConversationTurn? Previous,
    QuestionIntent Intent)
{
    public bool Accepted => Verdict == EvidenceVerdict.Accepted;

    /// <summary>The reason recorded in metrics and logs when the evidence is declined.</summary>
    public string DeclineReason => Verdict switch
    {
        EvidenceVerdict.Hostile => QuestionLogEntry.HostileReason,
        EvidenceVerdict.WeakEvidence => "weak-evidence",
        EvidenceVerdict.OutOfScope => QuestionLogEntry.OutOfScopeReason,
        _ => string.Empty,
    };
}

/// <summary>
/// How a question becomes evidence, in order: chat spelling normalised (Vietnamese or English), the scope check (which
/// also removes framing such as "act as my tutor and"), the question's intent, the earlier turn it replies to, the
/// rewrite of a follow-up into a query that stands on its own, retrieval, the focus on what a follow-up adds, the
/// evidence gate (with its sentences judged on their own when the whole message is declined, or when only one of them
/// asks), and finally each section swapped for its twin in the asker's language.
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
        question = lang == LanguageDetector.Vietnamese ? VietnameseChat.Normalise(question) : EnglishChat.Normalise(question);

        // Its sentences are read from the message as typed: the scope check joins what it keeps into one line.
        var typed = question;
        var scope = ScopeGuard.Inspect(question);
        question = scope.Question;
        var intent = QuestionIntent.Recognise(question);
        if (scope.Hostile)
        {
            return new Evidence(EvidenceVerdict.Hostile, question, question, [], null, intent);
        }

        // Advice on what the asker should do, and tonight's match or tomorrow's weather: a dated record of facts gives
        // neither. A message that also asks something else ("Sora shut down? should I switch to Kling then?") is
        // answered for that.
        if (OnlyAsks(ScopeGuard.AsksForAdvice) || OnlyAsks(ScopeGuard.AsksAboutTheComingDays))
        {
            return new Evidence(EvidenceVerdict.OutOfScope, question, question, [], null, intent);
        }

        bool OnlyAsks(Func<string, bool> kind) => kind(question) && ScopeGuard.AskingSentences(typed).All(kind);

        var previous = await FindEarlierTurnAsync(message, cancellationToken);
        var settings = options.Value;
        IReadOnlyList<SearchHit> hits;
        string query;
        using (var retrieving = BotTelemetry.Start(BotTelemetry.RetrieveActivity, message.Platform))
        {
            query = QuestionIntent.SearchText(ScopeGuard.WithoutLeadingRequest(await rewriter.RewriteAsync(question, previous, cancellationToken)));
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

        hits = KeepBotSectionsForBotQuestions(hits, question, lang);
        hits = SubjectFirst(hits);
        if (!EvidenceGate.Accepts(hits, query, settings.MinEvidence))
        {
            if (previous is null)
            {
                foreach (var asked in ScopeGuard.AskingSentences(typed))
                {
                    if (await GatherSentenceAsync(message, asked, lang, hits, cancellationToken) is { } found)
                    {
                        return found;
                    }
                }
            }

            return new Evidence(EvidenceVerdict.WeakEvidence, question, query, hits, previous, intent);
        }

        // A message of several sentences of which one asks ("Disney x OpenAI deal from last december⏎heard it fell apart⏎
        // did Disney's investment ever close"): its other sentences say what the asker has in mind, and may pull the
        // search to a section about them. The question is answered from what it finds on its own, when the whole message
        // ranks that section high too.
        if (previous is null && ScopeGuard.AskingSentences(typed) is [var only] &&
            await GatherSentenceAsync(message, only, lang, hits, cancellationToken) is { } one)
        {
            return one;
        }

        return Accepted(hits, question, query, previous, intent, lang);
    }

    /// <summary>
    /// Evidence the gate accepted. Whether to answer is decided on relevance alone; which of the relevant sections answers
    /// a question about the present is decided after, so that "now" never turns a question the knowledge does not cover
    /// into an answer.
    /// </summary>
    private Evidence Accepted(IReadOnlyList<SearchHit> hits, string question, string query, ConversationTurn? previous, QuestionIntent intent, string lang)
    {
        if (intent.AboutPresent)
        {
            hits = PreferStatus(hits) ?? PreferRecentFacts(hits);
        }

        return new Evidence(EvidenceVerdict.Accepted, question, query, PreferAskerLanguage(hits, lang), previous, intent);
    }

    /// <summary>
    /// One sentence of a longer message that asks something, searched and judged on its own: the evidence for it when
    /// strong enough and when the section it finds is also among the first the whole message found, else null. A
    /// message that tells a story around its question ("my cousin keeps begging me to smuggle him a 4090 … serious q
    /// tho: since when has the RTX 4090 needed a US export licence?") spreads its words over things the knowledge never
    /// covers, so the whole message looks unanswerable although its question is not. Tried for each asking sentence
    /// when the whole message is declined, and for the only asking sentence of an accepted message: the agreement with
    /// the whole message's ranking keeps either from answering about something the message is not about.
    /// </summary>
    private async Task<Evidence?> GatherSentenceAsync(IncomingMessage message, string sentence, string lang, IReadOnlyList<SearchHit> whole, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var query = QuestionIntent.SearchText(ScopeGuard.WithoutLeadingRequest(sentence));
        if (KnowledgeText.ContentTerms(query).Distinct(StringComparer.Ordinal).Count() < MinSentenceTerms)
        {
            // "Ready?" or "Really, Sora?" alone says too little to be judged apart from its message.
            return null;
        }

        var hits = await retriever.RetrieveAsync(new SearchQuery(query, lang, settings.RetrievalTop), cancellationToken);
        hits = SubjectFirst(KeepBotSectionsForBotQuestions(hits, sentence, lang));
        // The sentence alone and the whole message must point at the same section: the message is about what it asks.
        if (!EvidenceGate.Accepts(hits, query, settings.MinEvidence) ||
            !whole.Take(AgreeingHits).Any(h => h.Section.Path == hits[0].Section.Path && h.Section.Anchor == hits[0].Section.Anchor))
        {
            return null;
        }

        LogQuestion(logger, message.Platform, lang, sentence, query);
        return Accepted(hits, sentence, query, null, QuestionIntent.Recognise(sentence), lang);
    }

    // How far down the whole message's ranking the section found for one of its sentences may stand: as many sections
    // as the choice of a status section compares (the best and the next three).
    private const int AgreeingHits = StatusRivals + 1;

    // A sentence judged apart from its message needs at least this many words that say what it asks about.
    private const int MinSentenceTerms = 2;

    /// <summary>
    /// Sections about the bot and its knowledge (the <c>about</c> topic) answer only questions about the bot: "What is
    /// Huawei's answer to Nvidia?" must not get "how current is this knowledge". A question is about the bot when it
    /// addresses it ("you", "bạn", "bot") or uses a word that only the bot's own files use (learned per snapshot).
    /// </summary>
    private IReadOnlyList<SearchHit> KeepBotSectionsForBotQuestions(IReadOnlyList<SearchHit> hits, string question, string lang)
    {
        if (!hits.Any(h => h.Section.Topic == AboutTopic))
        {
            return hits;
        }

        var vocabulary = BotVocabulary();
        // Words are runs of letters and digits: "bot's", "bot:" and "bot?" all address the bot.
        var words = Words(question.ToLowerInvariant());
        var addressed = words.Any(w => KnowledgeText.Fold(w) is "you" or "your" or "bot" or "u") ||
                        (lang == LanguageDetector.Vietnamese && words.Any(w => w is "bạn" or "mày"));
        if (addressed || KnowledgeText.ContentTerms(question).Any(vocabulary.Contains))
        {
            return hits;
        }

        return [.. hits.Where(h => h.Section.Topic != AboutTopic)];
    }

    /// <summary>
    /// When the best section does not name the question's subject (<see cref="SearchHit.HasSubject"/>: "Sora 2", "H20")
    /// and a nearly as relevant one does, covering at least as much of the question (and found by its words, not only
    /// by embeddings), that one answers: a section about Sora's first launch does not answer "when
    /// did Sora 2 launch?", however many other words it shares, and the gate declines a best section without the
    /// subject. A section far behind is not promoted: it would answer questions the knowledge does not cover. Only the
    /// next <see cref="SubjectRivals"/> sections are considered, because fused rankings (with embeddings) have scores
    /// so close together that a score ratio says little.
    /// </summary>
    internal static IReadOnlyList<SearchHit> SubjectFirst(IReadOnlyList<SearchHit> hits)
    {
        if (hits.Count == 0 || hits[0].HasSubject)
        {
            return hits;
        }

        var best = hits[0];
        var named = hits.Take(SubjectRivals + 1).FirstOrDefault(h => h.HasSubject && h.Coverage > 0 && h.Coverage >= best.Coverage && h.Score >= best.Score * NearlyAsRelevant);
        return named is null ? hits : [named, .. hits.Where(h => !ReferenceEquals(h, named))];
    }

    private static IEnumerable<string> Words(string text) => WordRun().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{Mn}\p{Nd}]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordRun();

    /// <summary>The topic folder of the files about the bot itself (knowledge/about/).</summary>
    private const string AboutTopic = "about";

    private volatile BotWords? _botWords;

    private sealed record BotWords(KnowledgeSnapshot Snapshot, HashSet<string> Terms);

    /// <summary>Words of the about files' titles, aliases and tags that no other section uses ("bot", "kiến thức").</summary>
    private HashSet<string> BotVocabulary()
    {
        var snapshot = knowledge.Current;
        var cached = _botWords;
        if (cached is not null && ReferenceEquals(cached.Snapshot, snapshot))
        {
            return cached.Terms;
        }

        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in snapshot.Documents)
        {
            var about = document.Topic == AboutTopic;
            var text = about
                ? string.Join('\n', [document.Title, .. document.Aliases, .. document.Tags])
                : string.Join('\n', [document.Title, .. document.Aliases, .. document.Tags, .. document.Sections.Select(s => s.Heading + "\n" + s.Text)]);
            (about ? own : elsewhere).UnionWith(KnowledgeText.ContentTerms(text));
        }

        own.ExceptWith(elsewhere);
        _botWords = new BotWords(snapshot, own);
        return own;
    }

    /// <summary>
    /// For a question about the present ("still", "now", "hiện nay"), among the sections nearly as relevant as the best,
    /// the one whose facts are the most recent (the latest date it mentions) answers first. A section without the
    /// question's subject (<see cref="SearchHit.HasSubject"/>) never overtakes one with it.
    /// </summary>
    private static IReadOnlyList<SearchHit> PreferRecentFacts(IReadOnlyList<SearchHit> hits)
    {
        if (hits.Count < 2)
        {
            return hits;
        }

        var best = hits[0];
        var candidates = hits.Where(h => h.Coverage >= best.Coverage * NearlyAsRelevant && h.Score >= best.Score * NearlyAsRelevant && (h.HasSubject || !best.HasSubject)).ToList();
        var latest = candidates.OrderByDescending(h => LatestDate(h.Section), StringComparer.Ordinal).FirstOrDefault();
        if (latest is null || ReferenceEquals(latest, best) || string.CompareOrdinal(LatestDate(latest.Section), LatestDate(best.Section)) <= 0)
        {
            return hits;
        }

        return [latest, .. hits.Where(h => !ReferenceEquals(h, latest))];
    }

    /// <summary>
    /// For a question about the present: when the best section's heading does not ask about the present and one of the
    /// next sections that names the question's subject does ("Sora còn dùng được không, tính đến tháng 12/2026?", read
    /// with the same grammar as questions, <see cref="QuestionIntent.AboutPresent"/>), that one answers first. A heading
    /// is the question its section answers, so a status section answers "is the cameo feature still usable now?" better
    /// than the section that describes the feature. Null when no such section is there.
    /// </summary>
    internal static IReadOnlyList<SearchHit>? PreferStatus(IReadOnlyList<SearchHit> hits)
    {
        if (hits.Count < 2 || QuestionIntent.Recognise(hits[0].Section.Heading).AboutPresent)
        {
            return null;
        }

        var status = hits.Take(StatusRivals + 1).Skip(1)
            .FirstOrDefault(h => (h.HasSubject || !hits[0].HasSubject) && QuestionIntent.Recognise(h.Section.Heading).AboutPresent);
        return status is null ? null : [status, .. hits.Where(h => !ReferenceEquals(h, status))];
    }

    // How many sections after the best may take its place for a heading about the present: as many as the choice among
    // sections compares (ExtractiveAnswerer.ChooseSection).
    private const int StatusRivals = 3;

    // How many sections after the best may take its place for naming the question's subject.
    private const int SubjectRivals = 2;

    // A section counts as nearly as relevant as the best when it keeps this share of its coverage and score.
    private const double NearlyAsRelevant = 0.8;

    /// <summary>The latest date a section mentions, as a key whose ordinal order is date order (see <see cref="AnswerShape.LatestDate"/>).</summary>
    private static string LatestDate(KnowledgeSection section) => AnswerShape.SortKey(AnswerShape.LatestDate(section.Text, section.AsOf.ToString()));

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
        var twins = LanguageTwins.Of(knowledge.Current.Documents);
        var result = new List<SearchHit>(hits.Count);
        foreach (var hit in hits)
        {
            var section = hit.Section;
            if (section.Lang != lang && twins.Twin(section, lang) is { } twin)
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Platform} question ({Lang}): {Question} | query: {Query}")]
    private static partial void LogQuestion(ILogger logger, string platform, string lang, string question, string query);
}
