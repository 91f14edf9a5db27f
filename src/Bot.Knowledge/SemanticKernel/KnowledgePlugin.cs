using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bot.Knowledge.Search;
using Microsoft.SemanticKernel;

namespace Bot.Knowledge.SemanticKernel;

/// <summary>The <c>knowledge</c> kernel plugin: one function, <c>search</c>, over the knowledge retriever.</summary>
public static class KnowledgePlugin
{
    public const string PluginName = "knowledge";
    public const string SearchFunctionName = "search";
    private const int MaxTop = 10;

    private static readonly JsonSerializerOptions Json = new()
    {
        // Vietnamese stays readable for the model (the text goes into a chat history built in code, not a template).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Creates the plugin.</summary>
    public static KernelPlugin Create(IKnowledgeRetriever retriever)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var search = KernelFunctionFactory.CreateFromMethod(
            async (
                [Description("What to look for: a question or keywords, Vietnamese or English, with or without diacritics.")] string query,
                [Description("Preferred language of the sections: 'en' or 'vi'. Optional.")] string? lang = null,
                [Description("How many sections to return, 1 to 10. Default 3.")] int? top = null,
                CancellationToken cancellationToken = default) =>
            {
                var preferred = lang?.Trim().ToLowerInvariant() is "en" or "vi" ? lang.Trim().ToLowerInvariant() : null;
                var count = Math.Clamp(top ?? 3, 1, MaxTop);
                var hits = await retriever.RetrieveAsync(new SearchQuery(query, preferred, count), cancellationToken);
                return Format(hits);
            },
            functionName: SearchFunctionName,
            description: "Searches the curated knowledge about the global AI race (Sora and Chinese video models, Chinese LLMs, US GPU export controls). Returns a JSON list of sections with file, heading, date, sources and text.");
        return KernelPluginFactory.CreateFromFunctions(PluginName, "Curated knowledge of the bot, with sources and dates.", [search]);
    }

    /// <summary>The JSON the <c>search</c> function returns: one object per section, best first.</summary>
    internal static string Format(IReadOnlyList<SearchHit> hits)
    {
        var items = hits.Select(h => new
        {
            file = h.Section.Path,
            anchor = h.Section.Anchor,
            heading = h.Section.Heading,
            title = h.Section.DocumentTitle,
            lang = h.Section.Lang,
            updated = h.Section.Updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            as_of = h.Section.AsOf.ToString(),
            sources = h.Section.Sources.Select(s => new { title = s.Title, date = s.Date, url = s.Url?.ToString() }),
            coverage = Math.Round(h.Coverage, 2),
            text = h.Section.Text,
        });
        return JsonSerializer.Serialize(items, Json);
    }
}
