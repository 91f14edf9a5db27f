using System.Diagnostics;
using Bot.Core.Diagnostics;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Knowledge.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Engine;

/// <summary>
/// What the bot remembers about its answers: the outcome of each question (question log, metrics, the question's span),
/// the platform message id each reply went out under (so replies to it become follow-ups), and 👍/👎 feedback.
/// </summary>
public sealed partial class AnswerRecorder(
    IAnswerStore answers,
    IFeedbackStore feedback,
    IQuestionLog questionLog,
    IOptions<BotOptions> options,
    TimeProvider time,
    BotMetrics metrics,
    ILogger<AnswerRecorder> logger)
{
    /// <summary>Records a declined question: log entry for moderators (a knowledge gap), metrics, span tags.</summary>
    public async Task DeclinedAsync(IncomingMessage message, string question, string lang, string reason, IReadOnlyList<SearchHit> hits, long started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        LogDeclined(logger, message.Platform, reason);
        metrics.QuestionDeclined(message.Platform, lang, reason, time.GetElapsedTime(started));
        TagQuestion(BotTelemetry.Tags.Outcome, "declined");
        TagQuestion(BotTelemetry.Tags.Reason, reason);
        await LogQuestionAsync(message, question, lang, reason, hits, cancellationToken);
    }

    /// <summary>Records an answered question: log entry, metrics, span tag.</summary>
    public async Task AnsweredAsync(IncomingMessage message, string question, string lang, IReadOnlyList<SearchHit> hits, long started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await LogQuestionAsync(message, question, lang, declineReason: null, hits, cancellationToken);
        metrics.QuestionAnswered(message.Platform, lang, time.GetElapsedTime(started));
        TagQuestion(BotTelemetry.Tags.Outcome, "answered");
    }

    /// <summary>Stores the sent reply under its platform message id.</summary>
    public async Task RecordSentAsync(IncomingMessage question, BotReply reply, string botMessageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(reply);
        var stored = new StoredAnswer(
            question.Platform,
            question.ChatId,
            botMessageId,
            reply.AnswerId,
            InputText.Cut(InputText.Clean(reply.Thread?.Question ?? question.Text), options.Value.MaxQuestionChars),
            AnswerFollowUps.Shown(reply),
            reply.Language,
            [.. reply.Citations.Select(c => c.File).Distinct()],
            time.GetUtcNow());
        await answers.SaveAsync(stored, cancellationToken);
    }

    /// <summary>Stores a vote on a known answer of the same platform; false when the answer is unknown.</summary>
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

    /// <summary>Tags the question's span (the current activity here, unless nothing samples it).</summary>
    private static void TagQuestion(string key, string value)
    {
        if (Activity.Current is { OperationName: BotTelemetry.QuestionActivity } activity)
        {
            activity.SetTag(key, value);
        }
    }

    private async Task LogQuestionAsync(IncomingMessage message, string question, string lang, string? declineReason, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        var isPrivate = (message.Flags & MessageFlags.Private) != 0;
        var entry = new QuestionLogEntry(
            message.Platform, message.ChatId, message.UserId, question, lang, declineReason is null,
            [.. hits.Take(3).Select(h => h.Section.Path).Distinct()], time.GetUtcNow(),
            CommunityId: message.GuildId ?? message.ChatId,
            IsPrivate: isPrivate,
            DeclineReason: declineReason);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a {Platform} question to the question log")]
    private static partial void LogQuestionLogFailed(ILogger logger, Exception exception, string platform);

    [LoggerMessage(Level = LogLevel.Information, Message = "Declined a {Platform} question ({Reason})")]
    private static partial void LogDeclined(ILogger logger, string platform, string reason);
}
