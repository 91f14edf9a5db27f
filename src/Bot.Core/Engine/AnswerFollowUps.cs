using System.Text.RegularExpressions;
using Bot.Core.Admin;
using Bot.Core.Answering;
using Bot.Core.Language;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Text;

namespace Bot.Core.Engine;

/// <summary>
/// What a user can ask about an answer already given: "tell me more" (the next sentences of the same sections, never
/// repeating), and <c>/sources</c> as a reply or the Sources button (every publication of the cited sections, file
/// paths for moderators only). The answer is the one replied to, else the asker's last answer in the chat.
/// </summary>
public sealed partial class AnswerFollowUps(
    IAnswerStore answers,
    EvidencePipeline evidence,
    ExtractiveAnswerer extractive,
    IKnowledgeBase knowledge,
    Roles roles)
{
    /// <summary>How many chats' last answers are remembered for a "more" that is not a reply (oldest forgotten first).</summary>
    internal const int MaxRemembered = 10_000;

    private readonly Dictionary<(string Platform, string Chat, string User), StoredAnswer> _last = [];
    private readonly Queue<(string Platform, string Chat, string User)> _order = new();

    /// <summary>
    /// A message that only asks to go on: "more", "tell me more", "chi tiết hơn", "nói thêm đi"… (with or without
    /// diacritics, politeness words and punctuation). A question that says more than that is answered as a question.
    /// </summary>
    public static bool IsMore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = KnowledgeText.Fold(text.ToLowerInvariant());
        words = Politeness().Replace(Punctuation().Replace(words, " "), " ");
        return MoreRequest().IsMatch(string.Join(' ', words.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>Remembers the answer a user got in a chat, for a later "more" that does not reply to it.</summary>
    public void Remember(IncomingMessage message, BotReply reply)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Kind != ReplyKind.Answer || reply.Thread is not { } thread)
        {
            return;
        }

        var key = (message.Platform, message.ChatId, message.UserId);
        var stored = new StoredAnswer(
            message.Platform, message.ChatId, string.Empty, reply.AnswerId, thread.Question, Shown(reply), reply.Language,
            [.. reply.Citations.Select(c => c.File).Distinct(StringComparer.Ordinal)], DateTimeOffset.MinValue);
        lock (_last)
        {
            if (!_last.ContainsKey(key))
            {
                _order.Enqueue(key);
                while (_order.Count > MaxRemembered && _order.TryDequeue(out var oldest))
                {
                    _last.Remove(oldest);
                }
            }

            _last[key] = stored;
        }
    }

    /// <summary>Everything the thread of <paramref name="reply"/> has shown, this reply included.</summary>
    public static string Shown(BotReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var now = string.Join("\n\n", reply.Blocks);
        return reply.Thread is { ShownBefore.Length: > 0 } thread ? thread.ShownBefore + "\n\n" + now : now;
    }

    /// <summary>
    /// The next sentences for the answer "more" refers to, in that answer's language (a Vietnamese "chi tiết hơn" under
    /// an English answer continues in English); null draft when there is no such answer.
    /// </summary>
    public async Task<(AnswerDraft? Draft, AnswerThread? Thread, string Language)> ContinueAsync(IncomingMessage message, string lang, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var earlier = await FindAsync(message, cancellationToken);
        if (earlier is null)
        {
            return (null, null, lang);
        }

        lang = earlier.Language;

        var found = await evidence.GatherAsync(message with { ReplyToMessageId = null }, earlier.Question, earlier.Language, cancellationToken);
        var thread = new AnswerThread(earlier.Question, earlier.AnswerText);
        if (!found.Accepted)
        {
            return (AnswerDraft.Decline(), thread, lang);
        }

        var draft = extractive.Continue(found.Hits, earlier.SourceFiles.ToHashSet(StringComparer.Ordinal), earlier.AnswerText, lang);
        return (draft, thread, lang);
    }

    /// <summary>Every publication of the cited sections of the answer replied to (or whose Sources button was pressed).</summary>
    public async Task<IReadOnlyList<string>> AllSourcesAsync(IncomingMessage message, string lang, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var earlier = message.ReplyToMessageId is { } replyTo
            ? await answers.FindByMessageAsync(message.Platform, message.ChatId, replyTo, cancellationToken)
            : null;
        if (earlier is null)
        {
            return [Phrases.NoAnswerToList(lang)];
        }

        var citations = CitedSections(earlier).Select(ReplyComposer.ToCitation).ToList();
        // Paths only for moderators, and only in a private chat, where nobody else reads them.
        var showPaths = (message.Flags & MessageFlags.Private) != 0 && await roles.IsModeratorAsync(message, cancellationToken);
        return [Phrases.AllSourcesHeading(lang), .. CitationLayout.FullSources(citations, lang, showPaths)];
    }

    /// <summary>
    /// The sections an earlier answer quoted: in its cited files, those with a sentence the answer contains; every
    /// section of those files when none does (a model's answer words things its own way).
    /// </summary>
    private List<KnowledgeSection> CitedSections(StoredAnswer earlier)
    {
        var shown = string.Join(' ', earlier.AnswerText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var result = new List<KnowledgeSection>();
        foreach (var path in earlier.SourceFiles)
        {
            var document = knowledge.Current.Documents.FirstOrDefault(d => d.Path == path);
            if (document is null)
            {
                continue;
            }

            var quoted = document.Sections.Where(s => ExtractiveAnswerer.SplitSentences(s.Text.Replace("\n\n", "\n", StringComparison.Ordinal))
                .Any(sentence => shown.Contains(string.Join(' ', sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal))).ToList();
            result.AddRange(quoted.Count > 0 ? quoted : document.Sections);
        }

        return result;
    }

    private async Task<StoredAnswer?> FindAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.ReplyToMessageId is { } replyTo &&
            await answers.FindByMessageAsync(message.Platform, message.ChatId, replyTo, cancellationToken) is { } replied)
        {
            return replied;
        }

        lock (_last)
        {
            return _last.GetValueOrDefault((message.Platform, message.ChatId, message.UserId));
        }
    }

    // English and Vietnamese (folded: no diacritics, đ as d) ways to ask for the rest of an answer.
    [GeneratedRegex(
        @"^(?:(?:tell|show|give) me more(?: details?| info(?:rmation)?)?|more(?: details?| info(?:rmation)?)?|go on|keep going|continue|elaborate|explain more|say more|what else|details|" +
        @"chi tiet(?: hon| them)?|noi (?:them|tiep|ro hon|chi tiet hon)|ke (?:them|tiep)|them nua|them|tiep(?: tuc)?|giai thich them|cu the hon|ro hon|con gi nua(?: khong)?)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex MoreRequest();

    [GeneratedRegex(@"\b(?:please|pls|plz|bot|di|nhe|nha|nhen|a|voi|giup|minh|ban|em|anh|oi|cho|xem|the|thi sao)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Politeness();

    [GeneratedRegex(@"[^\p{L}\p{N}\s]", RegexOptions.CultureInvariant)]
    private static partial Regex Punctuation();
}
