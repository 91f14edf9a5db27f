using System.Text;
using Bot.Knowledge.Loading;

namespace Bot.Knowledge.Tests;

/// <summary>Builds knowledge files for tests; the line numbers of the default front matter are fixed (see comments).</summary>
internal static class KnowledgeFiles
{
    // Line 1: ---, 2: id, 3: title, 4: lang, 5: topic, 6: updated, 7: sources:, 8: - title, 9: date, 10: url, 11: ---,
    // 12: blank, 13: first body line.
    public static string Valid(
        string id = "sora-launch",
        string lang = "en",
        string title = "Sora launch",
        string topic = "sora",
        string updated = "2024-02-16",
        string? body = null,
        string extraFrontMatter = "") =>
        $"""
        ---
        id: {id}
        title: {title}
        lang: {lang}
        topic: {topic}
        updated: {updated}
        sources:
          - title: OpenAI announcement
            date: 2024-02-15
            url: https://openai.com/sora
        {extraFrontMatter}---

        {body ?? "## Launch\n\nOpenAI showed Sora on 2024-02-15.\n"}
        """.Replace("\n\n---", "\n---", StringComparison.Ordinal) + "\n";

    public static ParsedFile Parse(string path, string content) => KnowledgeFileParser.Parse(path, Encoding.UTF8.GetBytes(content));
}
