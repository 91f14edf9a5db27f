using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bot.Testing.FakeOpenAi;

/// <summary>One message of a chat request as the fake server received it.</summary>
public sealed record FakeChatMessage(string Role, string Content);

/// <summary>A chat completion request as the fake server received it, parsed for scripting and assertions.</summary>
public sealed partial record FakeChatCall(
    string Model,
    IReadOnlyList<FakeChatMessage> Messages,
    bool Stream,
    int? MaxTokens,
    IReadOnlyList<string> ToolNames,
    string RawBody)
{
    /// <summary>The content of every system message, joined.</summary>
    public string System => string.Join("\n", Messages.Where(m => m.Role is "system" or "developer").Select(m => m.Content));

    /// <summary>The last user message (the question), or empty.</summary>
    public string LastUser => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? "";

    /// <summary>True once the conversation holds a tool result (the second leg of a function call).</summary>
    public bool HasToolResult => Messages.Any(m => m.Role == "tool");

    /// <summary>
    /// The numbered context items the bot sent, by number: lines of the form <c>[n] ...</c> start an item, which runs
    /// until the next item or the end of the system text.
    /// </summary>
    public IReadOnlyDictionary<int, string> ContextItems
    {
        get
        {
            var items = new SortedDictionary<int, string>();
            var matches = ItemStart().Matches(System);
            for (var i = 0; i < matches.Count; i++)
            {
                var start = matches[i].Index;
                var end = i + 1 < matches.Count ? matches[i + 1].Index : System.Length;
                var number = int.Parse(matches[i].Groups[1].Value, CultureInfo.InvariantCulture);
                items[number] = System[start..end].Trim();
            }

            return items;
        }
    }

    internal static FakeChatCall Parse(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var messages = new List<FakeChatMessage>();
        if (root.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in list.EnumerateArray())
            {
                var role = m.TryGetProperty("role", out var r) ? r.GetString() ?? "" : "";
                messages.Add(new FakeChatMessage(role, ContentOf(m)));
            }
        }

        var tools = new List<string>();
        if (root.TryGetProperty("tools", out var toolList) && toolList.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in toolList.EnumerateArray())
            {
                if (t.TryGetProperty("function", out var f) && f.TryGetProperty("name", out var n))
                {
                    tools.Add(n.GetString() ?? "");
                }
            }
        }

        int? maxTokens = null;
        foreach (var name in new[] { "max_completion_tokens", "max_tokens" })
        {
            if (root.TryGetProperty(name, out var mt) && mt.ValueKind == JsonValueKind.Number)
            {
                maxTokens = mt.GetInt32();
            }
        }

        return new FakeChatCall(
            root.TryGetProperty("model", out var model) ? model.GetString() ?? "" : "",
            messages,
            root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True,
            maxTokens,
            tools,
            body);
    }

    private static string ContentOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return "";
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString() ?? "",
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Select(part => part.TryGetProperty("text", out var t) ? t.GetString() : "")),
            _ => "",
        };
    }

    [GeneratedRegex(@"^\[(\d+)\]", RegexOptions.Multiline)]
    private static partial Regex ItemStart();
}
