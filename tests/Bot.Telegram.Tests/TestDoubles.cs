using System.Collections.Concurrent;
using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Microsoft.Extensions.Logging;

namespace Bot.Telegram.Tests;

/// <summary>A stand-in for the core engine: records what the adapter hands it and answers with a scripted reply.</summary>
internal sealed class FakeBotEngine : IBotEngine
{
    public ConcurrentQueue<IncomingMessage> Received { get; } = new();

    public ConcurrentQueue<(IncomingMessage Question, BotReply Reply, string BotMessageId)> Sent { get; } = new();

    public ConcurrentQueue<(string ChatId, string UserId, string AnswerId, FeedbackVote Vote)> Feedback { get; } = new();

    public Func<IncomingMessage, BotReply?> Reply { get; set; } = m => Answer("Answer: " + m.Text);

    /// <summary>Awaited before answering (a test can hold the answer to watch the typing action).</summary>
    public Func<IncomingMessage, CancellationToken, Task>? BeforeReply { get; set; }

    public static BotReply Answer(string text, string language = "en", string answerId = "a1") => new(
        [text],
        [new Citation("sora/sora-launch.en.md", "Launch", "launch", "Sora launch", new DateOnly(2026, 11, 28),
            [new CitedSource("OpenAI announcement", "2024-12-09", new Uri("https://openai.com/index/sora-is-here/"))])],
        language,
        ReplyKind.Answer,
        answerId,
        []);

    public async Task<BotReply?> HandleAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(message);
        if (BeforeReply is { } before)
        {
            await before(message, cancellationToken);
        }

        return Reply(message);
    }

    public Task RecordSentAsync(IncomingMessage question, BotReply reply, string botMessageId, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((question, reply, botMessageId));
        return Task.CompletedTask;
    }

    public Task<bool> RecordFeedbackAsync(string platform, string chatId, string userId, string answerId, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        Feedback.Enqueue((chatId, userId, answerId, vote));
        return Task.FromResult(answerId != "unknown");
    }
}

internal sealed class MemoryProcessedUpdateStore : IProcessedUpdateStore
{
    private readonly ConcurrentDictionary<string, bool> _seen = new();
    private readonly ConcurrentDictionary<string, string> _cursors = new();

    public ValueTask<bool> TryMarkAsync(string platform, string updateId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_seen.TryAdd(platform + "/" + updateId, true));

    public ValueTask<string?> GetCursorAsync(string platform, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_cursors.TryGetValue(platform, out var c) ? c : null);

    public ValueTask SetCursorAsync(string platform, string cursor, CancellationToken cancellationToken = default)
    {
        _cursors[platform] = cursor;
        return ValueTask.CompletedTask;
    }
}

internal sealed class RecordingAnswerStore : IAnswerStore
{
    public ConcurrentQueue<(string From, string To)> Moves { get; } = new();

    public ValueTask SaveAsync(StoredAnswer answer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<StoredAnswer?> FindByMessageAsync(string platform, string chatId, string botMessageId, CancellationToken cancellationToken = default) => ValueTask.FromResult<StoredAnswer?>(null);

    public ValueTask<StoredAnswer?> FindByAnswerIdAsync(string answerId, CancellationToken cancellationToken = default) => ValueTask.FromResult<StoredAnswer?>(null);

    public ValueTask MoveChatAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken = default)
    {
        Moves.Enqueue((oldChatId, newChatId));
        return ValueTask.CompletedTask;
    }
}

internal sealed class RecordingSettingsStore : IChannelSettingsStore
{
    public ConcurrentQueue<(string From, string To)> Moves { get; } = new();

    public ValueTask<ChannelSettings?> GetAsync(string platform, string chatId, CancellationToken cancellationToken = default) => ValueTask.FromResult<ChannelSettings?>(null);

    public ValueTask SaveAsync(ChannelSettings settings, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask MoveChatAsync(string platform, string oldChatId, string newChatId, CancellationToken cancellationToken = default)
    {
        Moves.Enqueue((oldChatId, newChatId));
        return ValueTask.CompletedTask;
    }
}

/// <summary>Collects every log line (all levels) with its formatted message and exception text.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception) + (exception is null ? string.Empty : " " + exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                text += " " + string.Join(' ', pairs.Select(p => p.Key + "=" + p.Value));
            }

            owner.Lines.Enqueue((logLevel, category, text));
        }
    }
}
