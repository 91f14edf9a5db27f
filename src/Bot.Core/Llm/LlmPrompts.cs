using System.Globalization;
using System.Reflection;
using System.Text;
using Bot.Core.Answering;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Bot.Core.Llm;

/// <summary>
/// One numbered item of the context the model sees: the retrieved sections of one knowledge file, in retrieval order,
/// each with the text given (possibly cut). <c>[Number]</c> is how the model cites it.
/// </summary>
internal sealed record ContextItem(int Number, IReadOnlyList<(KnowledgeSection Section, string Text)> Parts)
{
    public KnowledgeSection First => Parts[0].Section;

    public IEnumerable<KnowledgeSection> Sections => Parts.Select(p => p.Section);
}

/// <summary>
/// Builds what the model is sent, in code (never through a prompt template, which would HTML-encode the knowledge):
/// one system message with the instructions, the answer language and the numbered context; the earlier exchange of a
/// follow-up as user and assistant turns; the question as the last user message and nowhere else.
/// </summary>
internal static class LlmPrompts
{
    /// <summary>What the model writes when the context does not hold the answer.</summary>
    public const string NoAnswerMarker = "NO_ANSWER";

    private const int MinUsefulItemChars = 200;

    // A further section must be nearly as relevant as the best one for the model to see it: fewer, better sections
    // keep the answer on the question (the same share the extractive answer uses for "tell me more").
    private const double SecondaryRelevance = 0.75;
    private const int MaxPreviousAnswerChars = 1_200;
    private const int MaxRewriteAnswerChars = 300;

    public static string SystemPrompt { get; } = Load("Bot.Core.Llm.SystemPrompt.md");

    public static string RewritePrompt { get; } = Load("Bot.Core.Llm.RewritePrompt.md");

    public static string LanguageName(string language) =>
        language == "vi" ? "Vietnamese (tiếng Việt)" : "English";

    /// <summary>
    /// The sections the model sees: the best hits first, each section once, at most <paramref name="maxSections"/>,
    /// their text cut so that all of it fits in <paramref name="maxChars"/> (the first always gets in, cut if need be).
    /// Sections of the same file form one numbered item, placed where the file's best section ranked: a file's
    /// sections read together (the date in one, the detail in the next), and a source is a file to the reader.
    /// </summary>
    public static IReadOnlyList<ContextItem> SelectContext(IReadOnlyList<SearchHit> hits, int maxSections, int maxChars)
    {
        var files = new List<(string Path, List<(KnowledgeSection Section, string Text)> Parts)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var remaining = maxChars;
        var count = 0;
        foreach (var hit in hits)
        {
            if (count >= maxSections || (count > 0 && remaining < MinUsefulItemChars))
            {
                break;
            }

            if (count > 0 && hit.Coverage < hits[0].Coverage * SecondaryRelevance)
            {
                continue;
            }

            if (!seen.Add(hit.Section.Key))
            {
                continue;
            }

            var text = Cut(hit.Section.Text.Trim(), remaining);
            remaining -= text.Length;
            count++;
            var file = files.FindIndex(f => f.Path == hit.Section.Path);
            if (file < 0)
            {
                files.Add((hit.Section.Path, [(hit.Section, text)]));
            }
            else
            {
                files[file].Parts.Add((hit.Section, text));
            }
        }

        return [.. files.Select((f, i) => new ContextItem(i + 1, f.Parts))];
    }

    public static ChatHistory BuildAnswerHistory(AnswerRequest request, IReadOnlyList<ContextItem> context)
    {
        var system = new StringBuilder(SystemPrompt.Length + 256 + context.Sum(c => c.Parts.Sum(p => p.Text.Length + 100) + 100));
        system.Append(SystemPrompt.TrimEnd()).Append("\n\n");
        system.Append("Answer language: ").Append(LanguageName(request.Language)).Append("\n\n");
        system.Append("Context:\n");
        foreach (var item in context)
        {
            var first = item.First;
            system.Append('[').Append(item.Number.ToString(CultureInfo.InvariantCulture)).Append("] ")
                .Append(OneLine(first.DocumentTitle))
                .Append(" (").Append(first.Path).Append(", as of ").Append(first.AsOf.ToString())
                .Append(", ").Append(first.Lang).Append(")\n");
            foreach (var (section, text) in item.Parts)
            {
                system.Append("## ").Append(OneLine(section.Heading)).Append('\n').Append(text).Append("\n\n");
            }
        }

        var history = new ChatHistory(system.ToString().TrimEnd());
        if (request.Previous is { } previous)
        {
            history.AddUserMessage(previous.Question);
            history.AddAssistantMessage(Cut(previous.Answer, MaxPreviousAnswerChars));
        }

        history.AddUserMessage(request.Question);
        return history;
    }

    public static ChatHistory BuildRewriteHistory(string question, ConversationTurn previous)
    {
        var history = new ChatHistory(RewritePrompt.TrimEnd());
        history.AddUserMessage(
            "Earlier question: " + OneLine(previous.Question) + "\n" +
            "Start of the earlier answer: " + OneLine(Cut(previous.Answer, MaxRewriteAnswerChars)) + "\n" +
            "Follow-up: " + OneLine(question));
        return history;
    }

    internal static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', Math.Max(0, max - 1), Math.Min(max, 200));
        return (cut > 0 ? text[..cut] : text[..Math.Max(0, max - 1)]) + "…";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from Bot.Core.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
