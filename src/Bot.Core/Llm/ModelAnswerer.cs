using Bot.Core.Answering;
using Bot.Core.Diagnostics;
using Bot.Knowledge.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using ChatTokenUsage = OpenAI.Chat.ChatTokenUsage;

namespace Bot.Core.Llm;

/// <summary>
/// Answers with a chat model through Semantic Kernel: the retrieved sections go in as numbered context, the model
/// writes the answer in the asker's language citing <c>[n]</c>, and <see cref="AnswerPostProcessor"/> checks the
/// result. Any fault of the model (timeout, 429, 5xx, refused connection, malformed reply, open circuit) and any
/// unusable reply fall back to the extractive answer with a short note, so a user is never left without an answer.
/// </summary>
public sealed class ModelAnswerer : IAnswerer
{
    // Allow generous characters per token: the answer is cut only when far beyond what was asked for.
    private const int CharsPerToken = 6;

    private readonly IChatCompletionService _chat;
    private readonly IAnswerer _fallback;
    private readonly LlmOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelAnswerer> _logger;
    private readonly Kernel? _toolKernel;
    private readonly BotMetrics? _metrics;

    /// <param name="chat">The chat model (the OpenAI connector over the resilient named HttpClient).</param>
    /// <param name="fallback">The answerer used when the model fails: the extractive one.</param>
    /// <param name="plugins">Plugins offered to the model when <see cref="LlmOptions.UseTools"/> is on (the <c>knowledge</c> plugin).</param>
    /// <param name="metrics">Counts model calls, fallbacks and tokens when given.</param>
    public ModelAnswerer(
        IChatCompletionService chat,
        IAnswerer fallback,
        IOptions<LlmOptions> options,
        TimeProvider time,
        ILogger<ModelAnswerer> logger,
        IEnumerable<KernelPlugin>? plugins = null,
        BotMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _chat = chat;
        _fallback = fallback;
        _options = options.Value;
        _time = time;
        _logger = logger;
        if (_options.UseTools)
        {
            var knowledge = plugins?.FirstOrDefault(p => string.Equals(p.Name, "knowledge", StringComparison.OrdinalIgnoreCase));
            if (knowledge is null)
            {
                LlmLog.NoKnowledgePlugin(logger);
            }
            else
            {
                _toolKernel = new Kernel();
                _toolKernel.Plugins.Add(knowledge);
            }
        }
    }

    public async Task<AnswerDraft> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = LlmPrompts.SelectContext(request.Hits, _options.MaxContextSections, _options.MaxContextChars);
        if (context.Count == 0)
        {
            return await _fallback.AnswerAsync(request, cancellationToken);
        }

        var history = LlmPrompts.BuildAnswerHistory(request, context);
        var settings = new OpenAIPromptExecutionSettings
        {
            MaxTokens = _options.MaxAnswerTokens,
            Temperature = 0.2,
            FunctionChoiceBehavior = _toolKernel is null ? null : FunctionChoiceBehavior.Auto(),
        };

        var started = _time.GetTimestamp();
        ChatMessageContent reply;
        try
        {
            reply = await _chat.GetChatMessageContentAsync(history, settings, _toolKernel, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Every fault of the model is answered the same way: the user gets the extractive answer and a note.
            LlmLog.ModelFailed(_logger, ex, ex.GetType().Name, Elapsed(started));
            var why = ex is TimeoutException or OperationCanceledException ? "timeout" : "error";
            _metrics?.ModelCalled("answer", why);
            _metrics?.ModelFallback(why);
            return await FallbackAsync(request, LlmNotes.ModelUnavailable(request.Language), cancellationToken);
        }

        var modelMs = Elapsed(started);
        var (inputTokens, outputTokens) = Usage(reply);
        _metrics?.ModelCalled("answer", "ok");
        _metrics?.ModelTokensUsed(inputTokens, outputTokens);
        var truncated = FinishedAtLimit(reply);
        if (reply.Content is { } text)
        {
            LlmLog.ReplyText(_logger, text);
        }

        var processed = AnswerPostProcessor.Process(
            reply.Content, context.Count, request.Language, _options.MaxAnswerTokens * CharsPerToken, truncated);
        LlmLog.Answered(_logger, processed.Outcome.ToString(), inputTokens, outputTokens, context.Count, processed.Cited.Count, modelMs);

        switch (processed.Outcome)
        {
            case ReplyOutcome.NoAnswer:
                return AnswerDraft.Decline();
            case ReplyOutcome.Unusable:
                LlmLog.ReplyRejected(_logger, processed.Problem ?? "unusable");
                _metrics?.ModelFallback("unusable");
                return await FallbackAsync(request, LlmNotes.ModelReplyUnusable(request.Language), cancellationToken);
        }

        IReadOnlyList<KnowledgeSection> used = processed.Cited.Count > 0
            ? [.. processed.Cited.SelectMany(n => context[n - 1].Sections)]
            : [.. context.SelectMany(c => c.Sections)];
        return new AnswerDraft(processed.Blocks, used, Declined: false, Notes: []);
    }

    private async Task<AnswerDraft> FallbackAsync(AnswerRequest request, string note, CancellationToken cancellationToken)
    {
        var draft = await _fallback.AnswerAsync(request, cancellationToken);
        return draft.Declined ? draft : draft with { Notes = [.. draft.Notes, note] };
    }

    private long Elapsed(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;

    internal static (int Input, int Output) Usage(ChatMessageContent reply) =>
        reply.Metadata is not null && reply.Metadata.TryGetValue("Usage", out var value) && value is ChatTokenUsage usage
            ? (usage.InputTokenCount, usage.OutputTokenCount)
            : (0, 0);

    private static bool FinishedAtLimit(ChatMessageContent reply) =>
        reply.Metadata is not null && reply.Metadata.TryGetValue("FinishReason", out var value) &&
        string.Equals(value?.ToString(), "length", StringComparison.OrdinalIgnoreCase);
}
