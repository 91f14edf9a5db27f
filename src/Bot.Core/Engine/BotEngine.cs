using System.Diagnostics;
using Bot.Core.Admin;
using Bot.Core.Answering;
using Bot.Core.Diagnostics;
using Bot.Core.Language;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Engine;

/// <summary>
/// Routes each message: channel policy, admin commands, informational commands (<see cref="InfoCommands"/>), rate
/// limits, then questions. A question becomes evidence in <see cref="EvidencePipeline"/>, a draft in the
/// <see cref="IAnswerer"/>, and a cited reply here; <see cref="AnswerRecorder"/> keeps the outcome, the sent reply and
/// feedback. Platform-neutral: every adapter and the command line go through it.
/// </summary>
public sealed partial class BotEngine(
    LanguageJudge languageJudge,
    EvidencePipeline evidence,
    IAnswerer answerer,
    AnswerRecorder recorder,
    InfoCommands infoCommands,
    AnswerFollowUps followUps,
    ReplyComposer composer,
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
        var lang = languageJudge.Detect(text, LanguageDetector.FromLocale(message.Locale) ?? LanguageDetector.English);
        var addressed = message.Command is not null ||
                        (message.Flags & (MessageFlags.Private | MessageFlags.Mentioned | MessageFlags.ReplyToBot)) != 0;
        try
        {
            return await RouteAsync(message, text, lang, addressed, cancellationToken);
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

    private async Task<BotReply?> RouteAsync(IncomingMessage message, string text, string lang, bool addressed, CancellationToken cancellationToken)
    {
        var isAdminCommand = AdminCommands.IsAdminCommand(message.Command);
        var isPrivate = (message.Flags & MessageFlags.Private) != 0;
        var cooldown = 0;
        var cooldownPlace = message.ChatId;
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
                cooldownPlace = settings.ChatId; // a thread with settings of its own keeps its own cooldown

            }
        }

        if (isAdminCommand)
        {
            var result = await adminCommands.HandleAsync(message with { Text = text }, lang, cancellationToken);
            return result is null ? null : Info(result.Blocks, lang) with { OnlyAsker = result.OnlyAsker, Sensitive = result.Sensitive };
        }

        switch (message.Command?.ToLowerInvariant())
        {
            case "sources" when message.ReplyToMessageId is not null:
                // As a reply to an answer (or the Sources button under it): every publication of its sections.
                return Info(await followUps.AllSourcesAsync(message, lang, cancellationToken), lang);
            case { } command when InfoCommands.Handles(command):
                return Info(infoCommands.Run(command, lang), lang);
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

        // "hi bot!", "thanks 🙏", "chào mọi người": asks nothing, so it is no knowledge gap. Said to the channel (one where
        // the bot reads everything), it gets nothing and costs the sender nothing; said to the bot, the short prompt,
        // within the sender's rate limit like any message.
        var chatterOnly = message.ReplyToMessageId is null && ScopeGuard.IsChatterOnly(text);
        if (chatterOnly && !addressed)
        {
            return null;
        }

        if (!IsLocal(message.Platform))
        {
            switch (rateLimiter.TryAcquire(message.Platform, message.ChatId, message.UserId, cooldown, out var retryAfter, cooldownPlace))
            {
                case RateDecision.LimitedTellOnce:
                    LogRateLimited(logger, message.Platform, message.ChatId);
                    return Info([Phrases.SlowDown(lang, Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)))], lang);
                case RateDecision.LimitedAlreadyTold:
                    // Told once in this window already; telling again on every message would be the flood we prevent.
                    return null;
            }
        }

        if (chatterOnly)
        {
            return Info([Phrases.EmptyQuestion(lang)], lang);
        }

        if (AnswerFollowUps.IsMore(text))
        {
            return await ContinueAsync(message, lang, cancellationToken);
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
        var found = await evidence.GatherAsync(message, question, lang, cancellationToken);
        if (!found.Accepted)
        {
            await recorder.DeclinedAsync(message, question, lang, found.DeclineReason, found.Hits, started, cancellationToken);
            return Declined(found.Verdict is EvidenceVerdict.Hostile or EvidenceVerdict.OutOfScope ? Phrases.OutOfScope(lang) : Phrases.DontKnow(lang), lang, notes);
        }

        var hits = found.Hits;
        AnswerDraft draft;
        using (BotTelemetry.Start(BotTelemetry.AnswerActivity, message.Platform))
        {
            draft = await answerer.AnswerAsync(new AnswerRequest(found.Question, lang, hits, found.Previous, found.Intent), cancellationToken);
        }

        if (draft.Declined || draft.Blocks.Count == 0)
        {
            await recorder.DeclinedAsync(message, question, lang, "answerer", hits, started, cancellationToken);
            return Declined(Phrases.DontKnow(lang), lang, [.. notes, .. draft.Notes]);
        }

        await recorder.AnsweredAsync(message, question, lang, hits, started, cancellationToken);
        var reply = composer.Answer(draft, lang, NewAnswerId(), notes, new AnswerThread(question, string.Empty));
        followUps.Remember(message, reply);
        return reply;
    }

    /// <summary>"Tell me more": the next sentences of the answer replied to, or of the asker's last answer here.</summary>
    private async Task<BotReply> ContinueAsync(IncomingMessage message, string lang, CancellationToken cancellationToken)
    {
        var (draft, thread, threadLang) = await followUps.ContinueAsync(message, lang, cancellationToken);
        lang = threadLang;
        if (draft is null || thread is null)
        {
            return Info([Phrases.NothingToContinue(lang)], lang);
        }

        if (draft.Declined || draft.Blocks.Count == 0)
        {
            return Info([Phrases.NothingMore(lang)], lang);
        }

        var reply = composer.Answer(draft, lang, NewAnswerId(), [], thread);
        followUps.Remember(message, reply);
        return reply;
    }

    public Task RecordSentAsync(IncomingMessage question, BotReply reply, string botMessageId, CancellationToken cancellationToken = default) =>
        recorder.RecordSentAsync(question, reply, botMessageId, cancellationToken);

    public Task<bool> RecordFeedbackAsync(string platform, string chatId, string userId, string answerId, FeedbackVote vote, CancellationToken cancellationToken = default) =>
        recorder.RecordFeedbackAsync(platform, chatId, userId, answerId, vote, cancellationToken);

    private BotReply Info(IReadOnlyList<string> blocks, string lang) => new(blocks, [], lang, ReplyKind.Info, NewAnswerId(), []);

    private BotReply Declined(string text, string lang, IReadOnlyList<string> notes) =>
        new([text], [], lang, ReplyKind.Declined, NewAnswerId(), notes);

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
}
