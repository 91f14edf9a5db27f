using Bot.Core.Language;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;

namespace Bot.Core.Answering;

/// <summary>The exchange a follow-up refers to: the earlier question and the bot's answer to it.</summary>
public sealed record ConversationTurn(string Question, string Answer);

/// <summary>What an answerer gets: the question, the asker's language, the retrieved evidence and any earlier turn.</summary>
/// <param name="Question">The user's question as asked (already cut to the maximum length).</param>
/// <param name="Language"><c>vi</c> or <c>en</c>: the language to answer in.</param>
/// <param name="Hits">The retrieved sections, best first, already judged strong enough to answer from.</param>
/// <param name="Previous">For a follow-up: the question and answer it replies to.</param>
/// <param name="Intent">What the question asks for (see <see cref="QuestionIntent"/>): the answer's opening should fit it.</param>
public sealed record AnswerRequest(
    string Question,
    string Language,
    IReadOnlyList<SearchHit> Hits,
    ConversationTurn? Previous,
    QuestionIntent Intent = default);

/// <summary>What an answerer produced.</summary>
/// <param name="Blocks">Paragraphs of plain text in the asker's language.</param>
/// <param name="Used">The sections the answer relies on (citations are built from these, never from model text).</param>
/// <param name="Declined">True when the evidence did not hold the answer.</param>
/// <param name="Notes">Short notes for the user (e.g. "the model was unavailable, this is a direct excerpt").</param>
public sealed record AnswerDraft(
    IReadOnlyList<string> Blocks,
    IReadOnlyList<KnowledgeSection> Used,
    bool Declined,
    IReadOnlyList<string> Notes)
{
    public static AnswerDraft Decline(params string[] notes) => new([], [], true, notes);
}

/// <summary>Turns evidence into an answer. The extractive answerer is the default; a model answerer can wrap it.</summary>
public interface IAnswerer
{
    Task<AnswerDraft> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Turns a follow-up ("còn Huawei thì sao?") into a query that stands on its own for retrieval.</summary>
public interface IQueryRewriter
{
    Task<string> RewriteAsync(string question, ConversationTurn? previous, CancellationToken cancellationToken = default);
}
