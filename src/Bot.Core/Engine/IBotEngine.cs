using Bot.Core.Messages;
using Bot.Core.Stores;

namespace Bot.Core.Engine;

/// <summary>
/// The platform-neutral brain. Adapters hand it neutral messages and render what it returns.
/// </summary>
public interface IBotEngine
{
    /// <summary>
    /// Decides what to do with a message: answer a question, run a command, or ignore it by rule (null).
    /// Never throws for bad input; faults in dependencies come back as a polite reply.
    /// </summary>
    Task<BotReply?> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells the engine the platform message id under which a reply was sent, so replies to it become follow-ups
    /// and feedback on it can be stored with its question and sources.
    /// </summary>
    Task RecordSentAsync(IncomingMessage question, BotReply reply, string botMessageId, CancellationToken cancellationToken = default);

    /// <summary>Stores a 👍/👎 on an answer. Returns false when the answer is not known (too old or foreign).</summary>
    Task<bool> RecordFeedbackAsync(string platform, string chatId, string userId, string answerId, FeedbackVote vote, CancellationToken cancellationToken = default);
}
