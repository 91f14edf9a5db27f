using System.Text;
using Bot.Core.Language;

namespace Bot.Core.Messages;

/// <summary>
/// Renders a reply as plain text: the answer, the notes (such as the review-date line), then a <c>Sources:</c> line
/// and one citation line per cited file (<see cref="CitationLayout"/>). This is what the console, the command line and
/// <c>answer --jsonl</c> show; Telegram and Discord render the same layout in their own markup.
/// </summary>
public static class PlainTextReply
{
    /// <summary>No first reply is longer than this on any platform (Discord's message limit); more comes via "more".</summary>
    public const int MaxReplyChars = 2_000;

    public static string Render(BotReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var sb = new StringBuilder();
        foreach (var block in reply.Blocks)
        {
            AppendParagraph(sb, block);
        }

        foreach (var note in reply.Notes)
        {
            AppendParagraph(sb, note);
        }

        if (reply.Citations.Count > 0)
        {
            AppendParagraph(sb, Phrases.SourcesHeading(reply.Language));
            foreach (var line in CitationLayout.Lines(reply.Citations, reply.Language))
            {
                sb.Append('\n').Append(CitationLayout.PlainLine(line));
            }
        }

        return sb.ToString();
    }

    private static void AppendParagraph(StringBuilder sb, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (sb.Length > 0)
        {
            sb.Append("\n\n");
        }

        sb.Append(text.Trim());
    }
}
