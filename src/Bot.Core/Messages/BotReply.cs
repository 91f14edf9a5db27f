using Bot.Knowledge.Model;

namespace Bot.Core.Messages;

/// <summary>Where an answer's evidence came from: one section of one knowledge file.</summary>
/// <param name="File">Path relative to the knowledge folder, forward slashes (e.g. <c>sora/sora-launch.en.md</c>).</param>
/// <param name="Section">The section heading.</param>
/// <param name="Anchor">The section anchor within the file.</param>
/// <param name="Title">The file's title.</param>
/// <param name="Updated">The file's <c>updated</c> date (when it was last edited).</param>
/// <param name="Sources">The publications that support the section (its <c>src</c>; all of the file's in the old format).</param>
public sealed record Citation(
    string File,
    string Section,
    string Anchor,
    string Title,
    DateOnly Updated,
    IReadOnlyList<CitedSource> Sources)
{
    private readonly KnowledgeDate? _asOf;

    /// <summary>When the section's facts were last checked (its <c>as_of</c>, else the file's, else <see cref="Updated"/>).</summary>
    public KnowledgeDate AsOf { get => _asOf ?? KnowledgeDate.Of(Updated); init => _asOf = value; }

    /// <summary>The day the section's facts were due to change, if it declares one.</summary>
    public DateOnly? Review { get; init; }
}

/// <summary>A publication a knowledge section relies on.</summary>
public sealed record CitedSource(string Title, string Date, Uri? Url);

public enum ReplyKind
{
    /// <summary>An answer grounded in the knowledge, with citations.</summary>
    Answer,

    /// <summary>An honest "I don't know that yet" or an out-of-scope decline.</summary>
    Declined,

    /// <summary>Help, the list of sources, a notice about bad input: fixed text, no citations.</summary>
    Info,
}

/// <summary>
/// What the core wants the user to see. Adapters render it for their platform: the text blocks in order, the notes,
/// then the citations laid out by <see cref="CitationLayout"/> in the platform's markup, within its length limits.
/// </summary>
/// <param name="Blocks">Paragraphs of plain text (no markup), in order.</param>
/// <param name="Citations">The knowledge sections the answer used; empty when declined or informational.</param>
/// <param name="Language"><c>vi</c> or <c>en</c>: the language the reply is written in.</param>
/// <param name="Kind">Answer, declined or informational.</param>
/// <param name="AnswerId">An id for feedback on this reply (short, safe for Telegram callback data).</param>
/// <param name="Notes">Short lines shown after the answer and before the sources (e.g. "question was cut").</param>
/// <param name="OnlyAsker">
/// Only the asker should see it (Discord: an ephemeral reply; Telegram: a reply deleted after a minute, or nothing when
/// the bot cannot delete messages).
/// </param>
/// <param name="Sensitive">
/// The text carries a secret such as a dashboard sign-in link: adapters turn link previews off and never log the text.
/// </param>
public sealed record BotReply(
    IReadOnlyList<string> Blocks,
    IReadOnlyList<Citation> Citations,
    string Language,
    ReplyKind Kind,
    string AnswerId,
    IReadOnlyList<string> Notes,
    bool OnlyAsker = false,
    bool Sensitive = false)
{
    public bool Declined => Kind == ReplyKind.Declined;

    /// <summary>
    /// For an answer: the question it answers (for "tell me more", the earlier question it continues) and the answer
    /// text shown before it in that thread, so a later "more" neither repeats nor loses the subject.
    /// </summary>
    public AnswerThread? Thread { get; init; }
}

/// <summary>What a "tell me more" continues: the question, and everything already shown for it.</summary>
public sealed record AnswerThread(string Question, string ShownBefore);
