namespace Bot.Core.Answering;

/// <summary>
/// The follow-up rewriter that needs no model: a follow-up such as "còn Huawei thì sao?" is searched together with
/// the earlier question it replies to, so "Huawei" is looked up in the context of, say, US chip export limits.
/// The new question comes first and is repeated, so its own words outweigh the earlier ones.
/// </summary>
public sealed class KeyTermQueryRewriter : IQueryRewriter
{
    public Task<string> RewriteAsync(string question, ConversationTurn? previous, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (previous is null || string.IsNullOrWhiteSpace(previous.Question))
        {
            return Task.FromResult(question);
        }

        return Task.FromResult($"{question} {question} {previous.Question}");
    }
}
