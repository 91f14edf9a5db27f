using System.Globalization;
using System.Text;
using System.Diagnostics;
using Bot.Core.Admin;
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

/// <summary>
/// Routes commands and questions, applies the rules for bad input, retrieves evidence, and turns it into a cited reply
/// in the asker's language. Platform-neutral: every adapter and the command line go through it.
/// </summary>
public sealed partial class BotEngine(
    IKnowledgeBase knowledge,
    IKnowledgeRetriever retriever,
    IAnswerer answerer,
    IQueryRewriter rewriter,
    IAnswerStore answers,
    IFeedbackStore feedback,
    IQuestionLog questionLog,
    IOptions<BotOptions> options,
    TimeProvider time,
    Random random,
    ChannelPolicy policy,
    RateLimiter rateLimiter,
    AdminCommands adminCommands,
    ILogger<BotEngine> logger,
    BotMetrics metrics) : IBotEngine
{
    /// <summary>The operator's own terminal: no channel rules and no rate limits.</summary>
    private static bool IsLocal(string platform) => platform is "cli" or "console";

    public async Task<BotReply?> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = InputText.Clean(message.Text);
        var lang = LanguageDetector.Detect(text, LanguageDetector.FromLocale(message.Locale) ?? LanguageDetector.English);
        var addressed = message.Command is not null ||
                        (message.Flags & (MessageFlags.Private | MessageFlags.Mentioned | MessageFlags.ReplyToBot)) != 0;
        try
        {
            return await RouteAsync(message, text, lang, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The user gets a polite reply whatever failed below; the fault is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogAnswerFailed(logger, ex, message.Platform);

            // A message nobody addressed to the bot stays unanswered even when something failed.
            return addressed ? new BotReply([Phrases.Failure(lang)], [], lang, ReplyKind.Info, NewAnswerId(), []) : null;
        }
    }

    private async Task<BotReply?> RouteAsync(IncomingMessage message, string text, string lang, CancellationToken cancellationToken)
    {
        var isAdminCommand = AdminCommands.IsAdminCommand(message.Command);
        var isPrivate = (message.Flags & MessageFlags.Private) != 0;
        var cooldown = 0;
        if (!IsLocal(message.Platform))
        {
            var settings = await policy.GetAsync(message, cancellationToken);
            switch (policy.Decide(message, settings, isAdminCommand))
            {
                case PolicyVerdict.Ignore:
                    return null;
                case PolicyVerdict.NotAllowedHere:
                    LogNotAllowed(logger, message.Platform, message.ChatId);
                    return Info([Phrases.NotAllowedHere(lang)], lang);
                case PolicyVerdict.DisabledNotice:
                    return Info([Phrases.ChannelDisabled(lang)], lang) with { OnlyAsker = true };
            }

            if (!isPrivate)
            {
                lang = settings.Language ?? lang;
                cooldown = settings.CooldownSeconds;
            }
        }

        if (isAdminCommand)
        {
            var result = await adminCommands.HandleAsync(message with { Text = text }, lang, cancellationToken);
            return result is null ? null : Info(result.Blocks, lang) with { OnlyAsker = result.OnlyAsker };
        }

        switch (message.Command?.ToLowerInvariant())
        {
            case "help" or "start":
                return Info(Phrases.Help(lang), lang);
            case "sources":
                return Info(SourcesOverview(lang), lang);
            case null or "ask":
                break;
            default:
                // A command of another feature or a typo: not ours to answer.
                return null;
        }

        if (!InputText.HasWords(text))
        {
            // Empty, whitespace, only emoji or only a mention: a short prompt, never an exception.
            return Info([Phrases.EmptyQuestion(lang)], lang);
        }

        if (!IsLocal(message.Platform))
        {
            switch (rateLimiter.TryAcquire(message.Platform, message.ChatId, message.UserId, cooldown, out var retryAfter))
            {
                case RateDecision.LimitedTellOnce:
                    LogRateLimited(logger, message.Platform, message.ChatId);
                    return Info([Phrases.SlowDown(lang, Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)))], lang);
                case RateDecision.LimitedAlreadyTold:
                    // Told once in this window already; telling again on every message would be the flood we prevent.
                    return null;
            }
        }

        var notes = new List<string>();
        var max = options.Value.MaxQuestionChars;
        if (text.Length > max)
        {
            text = InputText.Cut(text, max);
            notes.Add(Phrases.QuestionCut(lang, max));
        }

        using var activity = BotTelemetry.Start(BotTelemetry.QuestionActivity, message.Platform);
        activity?.SetTag(BotTelemetry.Tags.Language, lang);
        var started = time.GetTimestamp();
        metrics.QuestionReceived(message.Platform, lang);
        try
        {
            return await AnswerAsync(message, text, lang, notes, started, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The user gets a polite reply whatever failed below; the fault is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogAnswerFailed(logger, ex, message.Platform);
            metrics.QuestionFailed(message.Platform, lang, time.GetElapsedTime(started));
            activity?.SetTag(BotTelemetry.Tags.Outcome, "failed");
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            return new BotReply([Phrases.Failure(lang)], [], lang, ReplyKind.Info, NewAnswerId(), []);
        }
    }

    private async Task<BotReply> AnswerAsync(IncomingMessage message, string question, string lang, List<string> notes, long started, CancellationToken cancellationToken)
    {
        if (ScopeGuard.IsHostile(question))
        {
            RecordDeclined(message.Platform, lang, "hostile", started);
            await LogQuestionAsync(message, question, lang, answered: false, [], cancellationToken);
            return Declined(Phrases.OutOfScope(lang), lang, notes);
        }

        ConversationTurn? previous = null;
        if (message.ReplyToMessageId is { } replyTo)
        {
            var earlier = await answers.FindByMessageAsync(message.Platform, message.ChatId, replyTo, cancellationToken);
            if (earlier is not null)
            {
                previous = new ConversationTurn(earlier.Question, earlier.AnswerText);
            }
        }

        IReadOnlyList<SearchHit> hits;
        string query;
        using (var retrieving = BotTelemetry.Start(BotTelemetry.RetrieveActivity, message.Platform))
        {
            query = await rewriter.RewriteAsync(question, previous, cancellationToken);
            LogQuestion(logger, message.Platform, lang, question, query);
            hits = await retriever.RetrieveAsync(new SearchQuery(query, lang, options.Value.RetrievalTop), cancellationToken);
            if (previous is not null)
            {
                hits = FocusOnFollowUp(hits, question, previous.Question);
            }

            if (previous is not null && !EvidenceGate.IsStrongEnough(hits, options.Value.MinEvidence))
            {
                // A follow-up may stand on its own after all ("what about DeepSeek?" answered by a fresh search).
                hits = await retriever.RetrieveAsync(new SearchQuery(question, lang, options.Value.RetrievalTop), cancellationToken);
            }

            retrieving?.SetTag(BotTelemetry.Tags.Hits, hits.Count);
        }

        if (!EvidenceGate.Accepts(hits, query, options.Value.MinEvidence))
        {
            RecordDeclined(message.Platform, lang, "weak-evidence", started);
            await LogQuestionAsync(message, question, lang, answered: false, hits, cancellationToken);
            return Declined(Phrases.DontKnow(lang), lang, notes);
        }

        hits = PreferAskerLanguage(hits, lang);
        AnswerDraft draft;
        using (BotTelemetry.Start(BotTelemetry.AnswerActivity, message.Platform))
        {
            draft = await answerer.AnswerAsync(new AnswerRequest(question, lang, hits, previous), cancellationToken);
        }

        if (draft.Declined || draft.Blocks.Count == 0)
        {
            RecordDeclined(message.Platform, lang, "answerer", started);
            await LogQuestionAsync(message, question, lang, answered: false, hits, cancellationToken);
            return Declined(Phrases.DontKnow(lang), lang, [.. notes, .. draft.Notes]);
        }

        await LogQuestionAsync(message, question, lang, answered: true, hits, cancellationToken);
        metrics.QuestionAnswered(message.Platform, lang, time.GetElapsedTime(started));
        TagQuestion(BotTelemetry.Tags.Outcome, "answered");
        var citations = draft.Used
            .DistinctBy(s => s.Key)
            .Select(ToCitation)
            .ToList();
        return new BotReply(draft.Blocks, citations, lang, ReplyKind.Answer, NewAnswerId(), [.. draft.Notes, .. notes]);
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

    public async Task RecordSentAsync(IncomingMessage question, BotReply reply, string botMessageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(reply);
        var stored = new StoredAnswer(
            question.Platform,
            question.ChatId,
            botMessageId,
            reply.AnswerId,
            InputText.Cut(InputText.Clean(question.Text), options.Value.MaxQuestionChars),
            string.Join("\n\n", reply.Blocks),
            reply.Language,
            [.. reply.Citations.Select(c => c.File).Distinct()],
            time.GetUtcNow());
        await answers.SaveAsync(stored, cancellationToken);
    }

    public async Task<bool> RecordFeedbackAsync(string platform, string chatId, string userId, string answerId, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        var answer = await answers.FindByAnswerIdAsync(answerId, cancellationToken);
        if (answer is null || answer.Platform != platform)
        {
            return false;
        }

        await feedback.RecordAsync(
            new FeedbackEntry(answerId, platform, answer.ChatId, userId, vote, answer.Question, answer.AnswerText, answer.SourceFiles, time.GetUtcNow()),
            cancellationToken);
        return true;
    }

    private IReadOnlyList<string> SourcesOverview(string lang)
    {
        var snapshot = knowledge.Current;
        var docs = snapshot.Documents.Where(d => d.Lang == lang).ToList();
        if (docs.Count == 0)
        {
            docs = [.. snapshot.Documents];
        }

        DateOnly? newest = docs.Count > 0 ? docs.Max(d => d.Updated) : null;
        var lines = new StringBuilder();
        lines.Append(Phrases.SourcesIntro(lang, snapshot.Documents.Count, snapshot.SectionCount, newest, snapshot.LoadedAt));
        foreach (var topic in docs.GroupBy(d => d.Topic).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Append('\n').Append(Phrases.Topic(lang, topic.Key, topic.Count(), topic.Max(d => d.Updated)));
        }

        return [lines.ToString()];
    }

    private void RecordDeclined(string platform, string lang, string reason, long started)
    {
        LogDeclined(logger, platform, reason);
        metrics.QuestionDeclined(platform, lang, reason, time.GetElapsedTime(started));
        TagQuestion(BotTelemetry.Tags.Outcome, "declined");
        TagQuestion(BotTelemetry.Tags.Reason, reason);
    }

    /// <summary>Tags the question's span (the current activity here, unless nothing samples it).</summary>
    private static void TagQuestion(string key, string value)
    {
        if (Activity.Current is { OperationName: BotTelemetry.QuestionActivity } activity)
        {
            activity.SetTag(key, value);
        }
    }

    private BotReply Info(IReadOnlyList<string> blocks, string lang) => new(blocks, [], lang, ReplyKind.Info, NewAnswerId(), []);

    private BotReply Declined(string text, string lang, IReadOnlyList<string> notes) =>
        new([text], [], lang, ReplyKind.Declined, NewAnswerId(), notes);

    private async Task LogQuestionAsync(IncomingMessage message, string question, string lang, bool answered, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        var entry = new QuestionLogEntry(
            message.Platform, message.ChatId, message.UserId, question, lang, answered,
            [.. hits.Take(3).Select(h => h.Section.Path).Distinct()], time.GetUtcNow());
        try
        {
            await questionLog.AppendAsync(entry, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The log serves moderators later; losing one entry must not cost the user the answer.
            LogQuestionLogFailed(logger, ex, message.Platform);
        }
    }

    private static Citation ToCitation(KnowledgeSection s) => new(
        s.Path,
        s.Heading,
        s.Anchor,
        s.DocumentTitle,
        s.Updated,
        [.. s.Sources.Select(src => new CitedSource(src.Title, src.Date, src.Url))]);

    private string NewAnswerId()
    {
        // 12 characters of base 32: short enough for Telegram callback data and Discord custom ids.
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        Span<char> id = stackalloc char[12];
        lock (random)
        {
            for (var i = 0; i < id.Length; i++)
            {
                id[i] = alphabet[random.Next(alphabet.Length)];
            }
        }

        return new string(id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ignoring {Platform} chat {ChatId}: not in the allow-list (told once)")]
    private static partial void LogNotAllowed(ILogger logger, string platform, string chatId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limit reached in {Platform} chat {ChatId}")]
    private static partial void LogRateLimited(ILogger logger, string platform, string chatId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering a {Platform} question failed")]
    private static partial void LogAnswerFailed(ILogger logger, Exception exception, string platform);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a {Platform} question to the question log")]
    private static partial void LogQuestionLogFailed(ILogger logger, Exception exception, string platform);

    [LoggerMessage(Level = LogLevel.Information, Message = "Declined a {Platform} question ({Reason})")]
    private static partial void LogDeclined(ILogger logger, string platform, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Platform} question ({Lang}): {Question} | query: {Query}")]
    private static partial void LogQuestion(ILogger logger, string platform, string lang, string question, string query);
}

/// <summary>Rules for the raw text users send.</summary>
public static class InputText
{
    /// <summary>NFC, control characters removed (line breaks and tabs become spaces), runs of spaces collapsed.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        string normalized;
        try
        {
            normalized = text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised: drop them.
            normalized = new string([.. text.Where(c => !char.IsSurrogate(c))]);
        }

        var sb = new StringBuilder(normalized.Length);
        var space = false;
        foreach (var c in normalized)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || category is UnicodeCategory.Control or UnicodeCategory.Format && c != '\u200D')
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>True when the text holds at least one letter or digit (not only emoji, punctuation or symbols).</summary>
    public static bool HasWords(string text) => text.Any(char.IsLetterOrDigit);

    /// <summary>Cuts at a word boundary at or before <paramref name="max"/> characters, never inside a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max);
        if (cut < max / 2)
        {
            cut = max;
        }

        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].TrimEnd();
    }
}
