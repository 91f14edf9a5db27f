using Bot.Core.Messages;
using Bot.Knowledge.Model;

namespace Bot.Core.Answering;

/// <summary>
/// Turns an answerer's draft into the reply every platform shows: the answer, the notes (the review-date line first
/// when a cited section's review day has passed), and citations carrying each section's own sources and "as of" date.
/// The whole reply, as <see cref="PlainTextReply"/> renders it, stays within <see cref="PlainTextReply.MaxReplyChars"/>
/// less <see cref="MarkupAllowance"/>, so that it still fits one message once Telegram or Discord add their markup.
/// </summary>
public sealed class ReplyComposer(TimeProvider time)
{
    /// <summary>Room left for platform markup (bold, link syntax, escapes) in the 2,000-character first reply.</summary>
    public const int MarkupAllowance = 150;

    public BotReply Answer(AnswerDraft draft, string language, string answerId, IReadOnlyList<string> notes, AnswerThread thread)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(notes);
        var citations = draft.Used.DistinctBy(s => s.Key).Select(ToCitation).ToList();
        var all = new List<string>();
        if (CitationLayout.ReviewNote(citations, language, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)) is { } review)
        {
            all.Add(review);
        }

        all.AddRange(draft.Notes);
        all.AddRange(notes);
        return Fit(new BotReply(draft.Blocks, citations, language, ReplyKind.Answer, answerId, all) { Thread = thread });
    }

    public static Citation ToCitation(KnowledgeSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new Citation(
            section.Path,
            section.Heading,
            section.Anchor,
            section.DocumentTitle,
            section.Updated,
            [.. section.Sources.Select(s => new CitedSource(s.Title, s.Date, s.Url))])
        {
            AsOf = section.AsOf,
            Review = section.Review,
        };
    }

    /// <summary>
    /// Keeps the reply within the limit whatever the settings: drops citation lines beyond the first, then shortens
    /// the answer's last paragraph at a sentence or word boundary.
    /// </summary>
    internal static BotReply Fit(BotReply reply, int max = PlainTextReply.MaxReplyChars - MarkupAllowance)
    {
        while (PlainTextReply.Render(reply).Length > max)
        {
            var files = reply.Citations.Select(c => c.File).Distinct(StringComparer.Ordinal).ToList();
            if (files.Count > 1)
            {
                reply = reply with { Citations = [.. reply.Citations.Where(c => c.File != files[^1])] };
                continue;
            }

            var over = PlainTextReply.Render(reply).Length - max;
            var blocks = reply.Blocks.ToList();
            if (blocks.Count == 0 || blocks[^1].Length <= over + 1)
            {
                if (blocks.Count <= 1)
                {
                    return reply with { Notes = [] };
                }

                blocks.RemoveAt(blocks.Count - 1);
            }
            else
            {
                var last = blocks[^1];
                var keep = last.Length - over - 1;
                var cut = last.LastIndexOf(' ', Math.Max(0, keep - 1));
                blocks[^1] = (cut > keep / 2 ? last[..cut] : last[..keep]).TrimEnd() + "…";
            }

            reply = reply with { Blocks = blocks };
        }

        return reply;
    }
}
