using Microsoft.Extensions.Logging;

namespace Bot.Core.Llm;

/// <summary>The model layer's log messages. No user or model text above Debug; never a key.</summary>
internal static partial class LlmLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "Model answer ({Outcome}): {InputTokens} prompt tokens, {OutputTokens} completion tokens, {ContextItems} context items, {CitedItems} cited, model call {ModelMs} ms")]
    public static partial void Answered(ILogger logger, string outcome, int inputTokens, int outputTokens, int contextItems, int citedItems, long modelMs);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning,
        Message = "Model call failed after {ModelMs} ms ({ErrorType}); answering extractively")]
    public static partial void ModelFailed(ILogger logger, Exception exception, string errorType, long modelMs);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning,
        Message = "Model reply not used ({Problem}); answering extractively")]
    public static partial void ReplyRejected(ILogger logger, string problem);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "Model reply text: {Reply}")]
    public static partial void ReplyText(ILogger logger, string reply);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information,
        Message = "Query rewrite: {InputTokens} prompt tokens, {OutputTokens} completion tokens, model call {ModelMs} ms")]
    public static partial void Rewritten(ILogger logger, int inputTokens, int outputTokens, long modelMs);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Debug, Message = "Follow-up '{Question}' rewritten as '{Query}'")]
    public static partial void RewriteText(ILogger logger, string question, string query);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning,
        Message = "Query rewrite by the model failed ({Problem}); using the key-term rewrite")]
    public static partial void RewriteFailed(ILogger logger, Exception? exception, string problem);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning,
        Message = "Llm:UseTools is on but no 'knowledge' plugin is registered; the model answers from the given context only")]
    public static partial void NoKnowledgePlugin(ILogger logger);
}
