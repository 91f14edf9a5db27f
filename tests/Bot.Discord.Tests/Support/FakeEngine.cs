using System.Collections.Concurrent;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Stores;

namespace Bot.Discord.Tests.Support;

/// <summary>A stand-in for the core engine: records what the adapter hands it and answers by a rule.</summary>
internal sealed class FakeEngine : IBotEngine
{
    public ConcurrentQueue<IncomingMessage> Received { get; } = new();

    public ConcurrentQueue<(IncomingMessage Question, string BotMessageId)> Sent { get; } = new();

    public ConcurrentQueue<(string ChatId, string UserId, string AnswerId, FeedbackVote Vote)> Feedback { get; } = new();

    public Func<IncomingMessage, BotReply?> Respond { get; set; } = m => Answer("Answer to: " + m.Text);

    public TaskCompletionSource? Gate { get; set; }

    public async Task<BotReply?> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(message);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return Respond(message);
    }

    public Task RecordSentAsync(IncomingMessage question, BotReply reply, string botMessageId, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((question, botMessageId));
        return Task.CompletedTask;
    }

    public Task<bool> RecordFeedbackAsync(string platform, string chatId, string userId, string answerId, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        Feedback.Enqueue((chatId, userId, answerId, vote));
        return Task.FromResult(answerId.StartsWith("ans", StringComparison.Ordinal));
    }

    public static BotReply Answer(string text, IReadOnlyList<Citation>? citations = null, string answerId = "ans123") =>
        new([.. text.Split("\n\n")], citations ?? [SampleCitation()], "en", ReplyKind.Answer, answerId, []);

    public static Citation SampleCitation(string title = "Sora and its rivals", string section = "Launch") =>
        new("sora/sora-launch.en.md", section, "launch", title, new DateOnly(2026, 3, 1),
            [new CitedSource("OpenAI: Sora", "2024-02", new Uri("https://openai.com/sora")), new CitedSource("A newspaper", "2025", null)]);
}

/// <summary>The processed-update store the engine project provides, in its simplest form.</summary>
internal sealed class MemoryProcessedUpdates : IProcessedUpdateStore
{
    private readonly ConcurrentDictionary<string, byte> _seen = new();

    public ValueTask<bool> TryMarkAsync(string platform, string updateId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_seen.TryAdd(platform + "/" + updateId, 0));

    public ValueTask<string?> GetCursorAsync(string platform, CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);

    public ValueTask SetCursorAsync(string platform, string cursor, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
