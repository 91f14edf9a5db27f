using Bot.Core.Answering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Bot.Core.Llm;

/// <summary>
/// Turns a follow-up ("còn Huawei thì sao?") into a standalone search query with the chat model. A question that
/// is not a follow-up is returned unchanged without a model call; any fault or odd reply falls back to the key-term
/// rewriter, so retrieval always gets a query.
/// </summary>
public sealed class ModelQueryRewriter(
    IChatCompletionService chat,
    IQueryRewriter fallback,
    TimeProvider time,
    ILogger<ModelQueryRewriter> logger) : IQueryRewriter
{
    private const int MaxQueryTokens = 80;
    private const int MaxQueryChars = 300;

    public async Task<string> RewriteAsync(string question, ConversationTurn? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (previous is null || string.IsNullOrWhiteSpace(previous.Question))
        {
            return question;
        }

        var settings = new OpenAIPromptExecutionSettings { MaxTokens = MaxQueryTokens, Temperature = 0 };
        var started = time.GetTimestamp();
        string? query;
        try
        {
            var reply = await chat.GetChatMessageContentAsync(LlmPrompts.BuildRewriteHistory(question, previous), settings, kernel: null, cancellationToken);
            var (input, output) = ModelAnswerer.Usage(reply);
            LlmLog.Rewritten(logger, input, output, (long)time.GetElapsedTime(started).TotalMilliseconds);
            query = Clean(reply.Content);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LlmLog.RewriteFailed(logger, ex, ex.GetType().Name);
            return await fallback.RewriteAsync(question, previous, cancellationToken);
        }

        if (query is null)
        {
            LlmLog.RewriteFailed(logger, null, "unusable reply");
            return await fallback.RewriteAsync(question, previous, cancellationToken);
        }

        LlmLog.RewriteText(logger, question, query);
        return query;
    }

    /// <summary>The first non-empty line without quotes or a label, or null when it is not a usable query.</summary>
    internal static string? Clean(string? reply)
    {
        var line = reply?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (line is null)
        {
            return null;
        }

        foreach (var label in new[] { "Query:", "Search query:", "Truy vấn:" })
        {
            if (line.StartsWith(label, StringComparison.OrdinalIgnoreCase))
            {
                line = line[label.Length..].Trim();
            }
        }

        line = line.Trim('"', '\'', '“', '”', '`', ' ');
        if (line.Length < 2 || line.Length > MaxQueryChars || line.Contains(LlmPrompts.NoAnswerMarker, StringComparison.Ordinal) ||
            AnswerPostProcessor.EchoesInstructions(line))
        {
            return null;
        }

        return line;
    }
}
