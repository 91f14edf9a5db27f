namespace Bot.Testing.FakeOpenAi;

/// <summary>What the fake model server does with one chat request.</summary>
public sealed record FakeReply
{
    public enum ReplyKind
    {
        Text,
        Status,
        Malformed,
        Hang,
        FromFirstContextItem,
        Echo,
        ToolCall,
    }

    private FakeReply(ReplyKind kind) => Kind = kind;

    public ReplyKind Kind { get; }

    public string Content { get; private init; } = "";

    public string FinishReason { get; private init; } = "stop";

    public int StatusCode { get; private init; } = 200;

    public string? RetryAfter { get; private init; }

    public string FunctionName { get; private init; } = "";

    public string Arguments { get; private init; } = "{}";

    /// <summary>Wait this long (real time) before answering; the request's abort ends the wait.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The model writes <paramref name="content"/>.</summary>
    public static FakeReply Text(string content, string finishReason = "stop") =>
        new(ReplyKind.Text) { Content = content, FinishReason = finishReason };

    /// <summary>The server answers with an HTTP error (429, 500, 503...).</summary>
    public static FakeReply Status(int statusCode, string? retryAfter = null) =>
        new(ReplyKind.Status) { StatusCode = statusCode, RetryAfter = retryAfter };

    /// <summary>A 200 whose body is not JSON.</summary>
    public static FakeReply Malformed() => new(ReplyKind.Malformed);

    /// <summary>Never answers: the request waits until the client gives up or the server stops.</summary>
    public static FakeReply Hang() => new(ReplyKind.Hang);

    /// <summary>The fixed no-answer marker the system prompt asks for.</summary>
    public static FakeReply NoAnswer() => Text("NO_ANSWER");

    /// <summary>Answers with the text of context item [1], citing it.</summary>
    public static FakeReply FromFirstContextItem() => new(ReplyKind.FromFirstContextItem);

    /// <summary>Answers with the last user message (what a query rewriter would do for a self-contained question).</summary>
    public static FakeReply Echo() => new(ReplyKind.Echo);

    /// <summary>Asks the client to call a function (automatic function calling).</summary>
    public static FakeReply ToolCall(string functionName, string argumentsJson) =>
        new(ReplyKind.ToolCall) { FunctionName = functionName, Arguments = argumentsJson };

    /// <summary>Held until this task completes (e.g. until every other chat was answered); the request's abort ends the wait.</summary>
    public Task? HeldUntil { get; private init; }

    /// <summary>This reply after a real-time delay.</summary>
    public FakeReply After(TimeSpan delay) => this with { Delay = delay };

    /// <summary>This reply once <paramref name="release"/> completes.</summary>
    public FakeReply Until(Task release) => this with { HeldUntil = release };
}
