using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Testing.FakeOpenAi;

/// <summary>A request the fake server received, as sent.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// An OpenAI-compatible model server on 127.0.0.1 (Kestrel, port 0) for tests: <c>POST /v1/chat/completions</c>
/// (plain and streaming server-sent events) and <c>POST /v1/embeddings</c> (float or base64 vectors from a deterministic
/// bag of words). It records every request and is scripted per chat call: queued replies first, then <see cref="Script"/>.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<FakeChatCall> _chatCalls = new();
    private readonly ConcurrentQueue<FakeReply> _queued = new();
    private int _hanging;
    private int _held;
    private int _embeddedInputs;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// <summary>The base address to configure as <c>Llm:Endpoint</c> / <c>Embeddings:Endpoint</c> (ends in <c>/v1</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Decides the reply to a chat call when nothing is queued. Default: <see cref="DefaultScript"/>.</summary>
    public Func<FakeChatCall, FakeReply> Script { get; set; } = DefaultScript;

    /// <summary>When set, <c>/v1/embeddings</c> answers with this HTTP status instead of vectors.</summary>
    public int? EmbeddingFailureStatus { get; set; }

    /// <summary>Dimensions of the bag-of-words vectors.</summary>
    public int EmbeddingDimensions { get; set; } = 1024;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Every chat completion request received, parsed, in order.</summary>
    public IReadOnlyList<FakeChatCall> ChatCalls => [.. _chatCalls];

    /// <summary>How many embedding requests arrived.</summary>
    public int EmbeddingRequestCount => _requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal));

    /// <summary>How many inputs were embedded in all (sections plus queries).</summary>
    public int EmbeddedInputCount => Volatile.Read(ref _embeddedInputs);

    /// <summary>How many chat requests are waiting in <see cref="FakeReply.Hang"/> right now.</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    /// <summary>How many chat requests are held by <see cref="FakeReply.Until"/> right now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>The default: answer from the first numbered context item when there is one, else echo the question.</summary>
    public static FakeReply DefaultScript(FakeChatCall call) =>
        call.ContextItems.Count > 0 ? FakeReply.FromFirstContextItem() : FakeReply.Echo();

    public static async Task<FakeOpenAiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Queues replies for the next chat calls, in order; the script serves once the queue is empty.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _queued.Enqueue(reply);
        }
    }

    /// <summary>Forgets the recorded requests and queued replies.</summary>
    public void Reset()
    {
        _requests.Clear();
        _chatCalls.Clear();
        _queued.Clear();
        Interlocked.Exchange(ref _embeddedInputs, 0);
    }

    /// <summary>
    /// The deterministic bag-of-words vector the fake computes: words folded to lower-case ASCII (Vietnamese diacritics
    /// removed), each hashed into one of <paramref name="dimensions"/> buckets, the counts scaled to unit length.
    /// </summary>
    public static float[] BagOfWords(string text, int dimensions)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = Words(text).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            counts[words[i]] = counts.GetValueOrDefault(words[i]) + 1;
        }

        var vector = new float[dimensions];
        foreach (var (word, count) in counts)
        {
            var hash = 2166136261u;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619u;
            }

            // Sublinear term frequency: a word said five times is not five times the evidence.
            vector[hash % (uint)dimensions] += 1f + MathF.Log(count);
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    // Function words of both languages (Vietnamese without diacritics), which say nothing about a topic.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "and", "or", "is", "are", "was", "were", "in", "on", "at", "to", "for", "what", "when",
        "how", "which", "who", "did", "does", "do", "it", "its", "by", "with", "as", "be", "been", "has", "have", "had",
        "this", "that", "these", "those", "from", "about", "into", "than", "then", "there", "their", "they", "them",
        "can", "could", "would", "should", "will", "not", "no", "so", "if", "but", "also", "more", "most", "much",
        "many", "any", "some", "such", "only", "other", "after", "before", "up", "out", "over", "me", "my", "we", "our",
        "you", "your", "he", "she", "his", "her", "i", "s", "please", "tell",
        "la", "cua", "va", "co", "khi", "nao", "gi", "the", "nhu", "duoc", "cho", "voi", "mot", "cac", "nhung", "trong",
        "khong", "ra", "sao", "ai", "da", "dang", "se", "thi", "ma", "nay", "do", "tu", "den", "ve", "vao", "cung",
        "con", "lai", "bi", "boi", "nen", "vi", "tai", "hay", "hoac", "rat", "nhieu", "it", "bao", "vay", "a", "oi",
        "nhe", "ha", "u", "minh", "ban", "toi", "em", "anh", "chi", "cho", "hoi", "luc", "thoi", "roi", "chua", "moi",
    };

    private static IEnumerable<string> Words(string text)
    {
        var folded = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(c == 'đ' ? 'd' : char.IsLetterOrDigit(c) ? c : ' ');
        }

        return folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !StopWords.Contains(w));
    }

    private async Task<string> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body));
        return body;
    }

    private async Task ChatAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        FakeChatCall call;
        try
        {
            call = FakeChatCall.Parse(body);
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 400;
            return;
        }

        _chatCalls.Enqueue(call);
        var reply = _queued.TryDequeue(out var queued) ? queued : Script(call);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, aborted.Token);
            }

            if (reply.HeldUntil is { } release)
            {
                Interlocked.Increment(ref _held);
                try
                {
                    await release.WaitAsync(aborted.Token);
                }
                finally
                {
                    Interlocked.Decrement(ref _held);
                }
            }

            await WriteReplyAsync(context, call, reply, aborted.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the server is stopping.
        }
    }

    private async Task WriteReplyAsync(HttpContext context, FakeChatCall call, FakeReply reply, CancellationToken cancellationToken)
    {
        switch (reply.Kind)
        {
            case FakeReply.ReplyKind.Status:
                context.Response.StatusCode = reply.StatusCode;
                if (reply.RetryAfter is not null)
                {
                    context.Response.Headers.RetryAfter = reply.RetryAfter;
                }

                await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error", code = reply.StatusCode.ToString(CultureInfo.InvariantCulture) } }, cancellationToken);
                return;
            case FakeReply.ReplyKind.Malformed:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"id\": \"chatcmpl-broken\", \"choices\": [ {\"message\": ", cancellationToken);
                return;
            case FakeReply.ReplyKind.Hang:
                Interlocked.Increment(ref _hanging);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref _hanging);
                }

                return;
        }

        var content = reply.Kind switch
        {
            FakeReply.ReplyKind.FromFirstContextItem => AnswerFromFirstItem(call),
            FakeReply.ReplyKind.Echo => call.LastUser,
            _ => reply.Content,
        };
        var promptTokens = call.Messages.Sum(m => m.Content.Length) / 4;
        var completionTokens = content.Length / 4;
        var created = 1_764_000_000;

        if (call.Stream)
        {
            context.Response.ContentType = "text/event-stream";
            if (reply.Kind == FakeReply.ReplyKind.ToolCall)
            {
                await WriteEventAsync(context, Chunk(call, new { role = "assistant", tool_calls = new[] { ToolCallJson(reply, index: 0) } }, null), cancellationToken);
                await WriteEventAsync(context, Chunk(call, new { }, "tool_calls"), cancellationToken);
            }
            else
            {
                await WriteEventAsync(context, Chunk(call, new { role = "assistant", content = "" }, null), cancellationToken);
                foreach (var piece in Pieces(content, 16))
                {
                    await WriteEventAsync(context, Chunk(call, new { content = piece }, null), cancellationToken);
                }

                await WriteEventAsync(context, Chunk(call, new { }, reply.FinishReason), cancellationToken);
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken);
            return;
        }

        object message = reply.Kind == FakeReply.ReplyKind.ToolCall
            ? new { role = "assistant", content = (string?)null, tool_calls = new[] { ToolCallJson(reply, index: null) } }
            : new { role = "assistant", content };
        var response = new
        {
            id = "chatcmpl-fake-" + _chatCalls.Count.ToString(CultureInfo.InvariantCulture),
            @object = "chat.completion",
            created,
            model = call.Model,
            choices = new[]
            {
                new { index = 0, message, finish_reason = reply.Kind == FakeReply.ReplyKind.ToolCall ? "tool_calls" : reply.FinishReason, logprobs = (object?)null },
            },
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(response, Json), cancellationToken);

        object Chunk(FakeChatCall c, object delta, string? finish) => new
        {
            id = "chatcmpl-fake-stream",
            @object = "chat.completion.chunk",
            created,
            model = c.Model,
            choices = new[] { new { index = 0, delta, finish_reason = finish } },
        };
    }

    private static object ToolCallJson(FakeReply reply, int? index) => index is { } i
        ? new { index = i, id = "call_fake_1", type = "function", function = new { name = reply.FunctionName, arguments = reply.Arguments } }
        : new { id = "call_fake_1", type = "function", function = new { name = reply.FunctionName, arguments = reply.Arguments } };

    private static IEnumerable<string> Pieces(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }

    private static async Task WriteEventAsync(HttpContext context, object payload, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(payload, Json) + "\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>The text of item [1] (the lines after its header line, headings left out), cited as [1].</summary>
    private static string AnswerFromFirstItem(FakeChatCall call)
    {
        if (!call.ContextItems.TryGetValue(1, out var item))
        {
            return "NO_ANSWER";
        }

        // The body: the lines after the item's header line, without the section headings.
        var lines = item.Split('\n');
        var body = string.Join("\n", lines.Skip(lines.Length > 1 ? 1 : 0).Where(l => !l.StartsWith("## ", StringComparison.Ordinal))).Trim();
        return body + " [1]";
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        var body = await RecordAsync(context);
        if (EmbeddingFailureStatus is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure" } }, context.RequestAborted);
            return;
        }

        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var inputs = root.GetProperty("input") switch
        {
            { ValueKind: JsonValueKind.String } s => [s.GetString() ?? ""],
            { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(e => e.GetString() ?? "").ToList(),
            _ => new List<string>(),
        };
        Interlocked.Add(ref _embeddedInputs, inputs.Count);
        var base64 = root.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        var data = inputs.Select((text, index) =>
        {
            var vector = BagOfWords(text, EmbeddingDimensions);
            object embedding = base64 ? ToBase64(vector) : vector;
            return new { @object = "embedding", index, embedding };
        }).ToList();
        var tokens = inputs.Sum(i => i.Length) / 4;
        var response = new
        {
            @object = "list",
            data,
            model = root.TryGetProperty("model", out var m) ? m.GetString() : "",
            usage = new { prompt_tokens = tokens, total_tokens = tokens },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(response, Json), context.RequestAborted);
    }

    private static string ToBase64(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return Convert.ToBase64String(bytes);
    }
}
