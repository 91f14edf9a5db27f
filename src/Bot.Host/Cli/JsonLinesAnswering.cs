using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Engine;
using Bot.Core.Messages;

namespace Bot.Host.Cli;

/// <summary>
/// The stable batch contract: one JSON object per input line with at least <c>id</c> and <c>question</c>; one output line
/// each: <c>{"id", "answer", "declined", "lang", "sources"}</c>, or <c>{"id", "error"}</c> for a malformed line.
/// Answers go through the same engine as the chat platforms.
/// </summary>
internal static class JsonLinesAnswering
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static async Task<int> RunAsync(IBotEngine engine, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var result = await AnswerLineAsync(engine, line, lineNumber, cancellationToken);
            if (result["error"] is not null)
            {
                await error.WriteLineAsync($"line {lineNumber}: {result["error"]}");
            }

            await output.WriteLineAsync(result.ToJsonString(Json));
            await output.FlushAsync(cancellationToken);
        }

        return 0;
    }

    internal static async Task<JsonObject> AnswerLineAsync(IBotEngine engine, string line, int lineNumber, CancellationToken cancellationToken)
    {
        JsonNode? id = null;
        try
        {
            if (JsonNode.Parse(line) is not JsonObject request)
            {
                return Error(null, "expected a JSON object with \"id\" and \"question\"");
            }

            id = request["id"]?.DeepClone();
            if (id is null)
            {
                return Error(null, "missing \"id\"");
            }

            if (request["question"] is not JsonValue questionValue || !questionValue.TryGetValue<string>(out var question))
            {
                return Error(id, "missing or non-string \"question\"");
            }

            var message = new IncomingMessage(
                "cli", "jsonl", "jsonl", lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), question,
                Flags: MessageFlags.Private, Command: "ask");
            var reply = await engine.HandleAsync(message, cancellationToken);
            if (reply is null)
            {
                return Error(id, "the question was ignored");
            }

            var sources = new JsonArray();
            foreach (var file in reply.Citations.Select(c => c.File).Distinct(StringComparer.Ordinal))
            {
                sources.Add(file);
            }

            return new JsonObject
            {
                ["id"] = id,
                ["answer"] = PlainTextReply.Render(reply),
                ["declined"] = reply.Kind != ReplyKind.Answer,
                ["lang"] = reply.Language,
                ["sources"] = sources,
            };
        }
        catch (JsonException ex)
        {
            return Error(id, "malformed JSON: " + ex.Message);
        }
    }

    private static JsonObject Error(JsonNode? id, string message) => new() { ["id"] = id, ["error"] = message };
}
