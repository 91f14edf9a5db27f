using System.Text;
using System.Text.RegularExpressions;
using Bot.Core.Language;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Knowledge.Text;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// Answers with the knowledge's own words, answer first: the opening sentence is the best section's sentence that
/// answers the question most directly, then at most two supporting sentences, all within <see cref="BotOptions.MaxAnswerChars"/>.
/// Works with no model at all, and is the fallback when a model fails. <see cref="Continue"/> gives the next sentences
/// of the same sections for "tell me more".
/// </summary>
public sealed partial class ExtractiveAnswerer(IOptions<BotOptions> options, IKnowledgeBase? knowledge = null) : IAnswerer
{
    /// <summary>Supporting sentences after the opening one.</summary>
    public const int MaxSupporting = 2;

    public Task<AnswerDraft> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Hits.Count == 0)
        {
            return Task.FromResult(AnswerDraft.Decline());
        }

        var budget = options.Value.MaxAnswerChars;
        var queryTerms = new HashSet<string>(KnowledgeText.Terms(request.Question), StringComparer.Ordinal);
        var index = knowledge?.Current.Index;
        Func<string, double>? rarity = index is null ? null : index.Rarity;
        var best = WhatItIs(request.Hits, request.Question, request.Intent, knowledge?.Current.Documents ?? []) ??
                   ChooseSection(request.Hits, request.Question, queryTerms, request.Intent, rarity);
        var notes = best.Section.Lang == request.Language ? [] : new[] { Phrases.OtherLanguageNote(request.Language) };
        var sections = knowledge?.Current.Documents.FirstOrDefault(d => d.Path == best.Section.Path)?.Sections ?? [best.Section];
        if (AsksForEvents(request.Intent) && Timeline(sections, best.Section, queryTerms, budget) is { Count: > 0 } events)
        {
            return Task.FromResult(new AnswerDraft([JoinSentences(events.Select(e => e.Item))], [.. events.Select(e => e.Section).Distinct()], Declined: false, notes));
        }

        var asked = KnowledgeText.ContentTerms(QuestionIntent.SearchText(request.Question)).ToHashSet(StringComparer.Ordinal);
        var blocks = AnswerFirst(best.Section, queryTerms, budget, request.Intent, rarity, NamedTerms(request.Question), QuestionIntent.SecondQuestion(request.Question), asked);
        return Task.FromResult(new AnswerDraft(blocks, [best.Section], Declined: false, notes));
    }

    /// <summary>
    /// A question that names a period ("in 2025", "tháng 2/2026") answered from a timeline (a section of dated list
    /// items, "- 2025-09-30: ..."): the events of that period, in the file's order, from every section of the best
    /// section's file, within the list budget. Empty when the question names no period, the best section is not a
    /// timeline, or no event falls in the period.
    /// </summary>
    internal static List<(KnowledgeSection Section, string Item)> Timeline(IReadOnlyList<KnowledgeSection> sections, KnowledgeSection best, IReadOnlySet<string> queryTerms, int budget)
    {
        // "July 2026" gives both 2026-07 and 2026: the month is what is asked.
        var named = queryTerms.Where(IsPeriod).ToList();
        var periods = named.Where(p => !named.Any(q => q.Length > p.Length && q.StartsWith(p, StringComparison.Ordinal))).ToList();
        if (periods.Count == 0 || DatedItems(best).Count() < 2)
        {
            return [];
        }

        var events = new List<(KnowledgeSection Section, string Item)>();
        var length = 0;
        foreach (var section in sections.Where(s => s.Lang == best.Lang))
        {
            foreach (var (item, date) in DatedItems(section))
            {
                if (!periods.Any(p => date.StartsWith(p, StringComparison.Ordinal)))
                {
                    continue;
                }

                if (length + item.Length + 1 > ListBudget(budget) && events.Count > 0)
                {
                    return events;
                }

                events.Add((section, item));
                length += item.Length + 1;
            }
        }

        return events;
    }

    /// <summary>
    /// Whether a question may be answered with a list of events: it asks for a list, or for what happened (what, how,
    /// or no question word), not for one date, number, person, reason or a yes or no.
    /// </summary>
    private static bool AsksForEvents(QuestionIntent intent) =>
        intent.List || intent.Kind is QuestionKind.Other or QuestionKind.What or QuestionKind.How;

    /// <summary>A year (<c>2025</c>) or a month (<c>2026-02</c>) among the question's terms.</summary>
    private static bool IsPeriod(string term) =>
        (term.Length == 4 && term.All(char.IsAsciiDigit) && term[0] is '1' or '2') ||
        (term.Length == 7 && term[4] == '-' && term.Remove(4, 1).All(char.IsAsciiDigit));

    /// <summary>The list items of a section that open with a date, with that date (<c>yyyy</c>, <c>yyyy-mm</c> or <c>yyyy-mm-dd</c>).</summary>
    private static IEnumerable<(string Item, string Date)> DatedItems(KnowledgeSection section)
    {
        foreach (var line in section.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith("- ", StringComparison.Ordinal))
            {
                continue;
            }

            var head = line.Length > ItemDateReach ? line[..ItemDateReach] : line;
            var date = KnowledgeText.Terms(head).Where(t => IsPeriod(t) || (t.Length == 10 && t[4] == '-' && t[7] == '-')).MaxBy(t => t.Length);
            if (date is not null)
            {
                yield return (line, date);
            }
        }
    }

    /// <summary>
    /// The weight, in choosing a section's sentences, of a question word that the section's heading or its file's title
    /// also uses, relative to the question's other words. Checked on the tune split on 2026-12-03 (1,918 questions):
    /// 1 (the words weigh alike) answers 848 of 922 in-scope questions with 30 facts after the first 300 characters;
    /// 0.75 gives 848 and 28; 0.5 gives 849 and 28; 0.25 gives 850 and 24; 0.1 gives 850 and 23; 0 (heading words
    /// ignored) gives 832 and 20, since a question asked in the heading's own words then finds no sentence.
    /// </summary>
    internal const double HeadingWordShare = 0.25;

    // How far into a list item its date may stand ("- Ngày 16/3/2023 (2023-03-16): ..."): the rest is the event.
    private const int ItemDateReach = 40;

    /// <summary>
    /// Which of the nearly equally relevant sections answers: those of the best file, and those of other files that name
    /// the question's subject (<see cref="SearchHit.HasSubject"/>). Retrieval ranks whole sections, but sections that
    /// share the subject's words ("Kimi K2", "DeepSeek-V3") differ in what they say about it. A section whose heading is
    /// about another version of the model asked about, or another chip ("Ernie 5.0" for "Ernie 4.5", "H20" for "A800",
    /// <see cref="ModelVersions"/>) is passed over, unless its text names the version asked; when retrieval ranked such
    /// a section first, a section whose heading names the version asked takes its place. Each candidate's retrieval
    /// score (relative to the best) is multiplied by one plus each of two shares:
    /// how much of its heading (the question it answers) the question asks, and how much of the question its best
    /// answer unit covers (the heading with one sentence; more when that sentence has the shape of the answer asked
    /// for, see <see cref="AnswerShape"/>). Shares weigh terms by their rarity in the knowledge. A question about the
    /// present keeps retrieval's choice, which already prefers the most recent facts, unless it asks for the newest model
    /// of a family ("what's the newest hailuo model"): then the section about its highest version answers.
    /// </summary>
    internal static SearchHit ChooseSection(IReadOnlyList<SearchHit> hits, string question, IReadOnlySet<string> queryTerms, QuestionIntent intent, Func<string, double>? rarity)
    {
        var best = hits[0];
        var versions = ModelVersions.In(question, namesOnly: false);
        var otherVersion = versions.Count == 0 ? null : hits
            .Where(h => ModelVersions.OtherVersion(versions, HeadingVersions(h)) && !ModelVersions.SameVersion(versions, ModelVersions.In(h.Section.Text, namesOnly: true)))
            .Select(h => h.Section)
            .ToHashSet();
        if (otherVersion is not null && otherVersion.Contains(best.Section) &&
            hits.FirstOrDefault(h => ModelVersions.SameVersion(versions, HeadingVersions(h))) is { } named)
        {
            best = named;
        }

        if (intent.AboutPresent && versions.Count == 0 && AsksForTheNewestModel().IsMatch(question) && NewestVersion(hits, queryTerms) is { } newest)
        {
            // "what's the newest hailuo video model": the section about the highest version of the family asked about.
            return newest;
        }

        if (intent.AboutPresent || queryTerms.Count == 0)
        {
            return best;
        }

        var candidates = hits.Take(MaxCandidates)
            .Where(h => (h.Section.Path == best.Section.Path || h.HasSubject) && h.Score >= best.Score * CandidateRelevance && (otherVersion is null || !otherVersion.Contains(h.Section)))
            .ToList();
        if (candidates.Count < 2)
        {
            return best;
        }

        var weights = KnowledgeText.ContentTerms(question).Distinct(StringComparer.Ordinal).ToDictionary(t => t, t => rarity?.Invoke(t) ?? 1.0, StringComparer.Ordinal);
        var total = weights.Values.Sum();
        if (total <= 0)
        {
            return best;
        }

        var chosen = best;
        var chosenFit = double.NegativeInfinity;
        foreach (var hit in candidates)
        {
            var heading = new HashSet<string>(KnowledgeText.ContentTerms(hit.Section.DocumentTitle + "\n" + hit.Section.Heading), StringComparer.Ordinal);
            var unit = 0.0;
            foreach (var sentence in SectionSentences(hit.Section))
            {
                var terms = new HashSet<string>(KnowledgeText.ContentTerms(sentence), StringComparer.Ordinal);
                var covered = weights.Where(w => heading.Contains(w.Key) || terms.Contains(w.Key)).Sum(w => w.Value) / total;
                unit = Math.Max(unit, AnswerShape.Fits(intent.Kind, sentence) ? covered * (1 + AnswerShape.Bonus) : covered);
            }

            // The heading's own share of the question: how much of the question the section says it answers.
            var own = KnowledgeText.ContentTerms(hit.Section.Heading).Distinct(StringComparer.Ordinal).ToList();
            var headingWeight = own.Sum(t => rarity?.Invoke(t) ?? 1.0);
            var asked = own.Where(weights.ContainsKey).Sum(t => rarity?.Invoke(t) ?? 1.0);
            var headingShare = headingWeight > 0 ? asked / headingWeight : 0;
            var fit = hit.Score / best.Score * (1 + headingShare) * (1 + unit);
            if (fit > chosenFit + FitTie)
            {
                chosen = hit;
                chosenFit = fit;
            }
        }

        return chosen;
    }

    /// <summary>
    /// For a question that names one thing and asks nothing else about it ("what is Vidu?", "Hailuo là gì", "kling"),
    /// the section that says what that thing is: among the sections of the files whose title names it (in the language
    /// of the best hit, which must have the question's subject), one whose heading first asks what it is ("What is
    /// Vidu and when was it unveiled?"), naming no version or code with it ("What is Vidu S1?" is about one model of
    /// the family), and asking the least besides; the file's order breaks ties. Null when the question asks more, names
    /// a version, asks about the present, or no heading fits.
    /// </summary>
    internal static SearchHit? WhatItIs(IReadOnlyList<SearchHit> hits, string question, QuestionIntent intent, IReadOnlyList<KnowledgeDocument> documents)
    {
        if (hits.Count == 0 || intent.AboutPresent || intent.Kind is not (QuestionKind.What or QuestionKind.Other) || ModelVersions.In(question, namesOnly: false).Count > 0)
        {
            return null;
        }

        var asked = KnowledgeText.ContentTerms(QuestionIntent.SearchText(question)).Distinct(StringComparer.Ordinal).ToList();
        if (asked.Count != 1)
        {
            return null;
        }

        var name = asked[0];
        var best = hits[0];
        if (!best.HasSubject)
        {
            return null;
        }

        return documents
            .Where(d => d.Lang == best.Section.Lang && KnowledgeText.ContentTerms(d.Title).Contains(name))
            .SelectMany(d => d.Sections)
            .Select(section => (Section: section, Asks: KnowledgeText.ContentTerms(QuestionIntent.SearchText(section.Heading)).Distinct(StringComparer.Ordinal).Count()))
            .Where(c => QuestionIntent.Recognise(FirstQuestion(c.Section.Heading)).Kind == QuestionKind.What &&
                        KnowledgeText.ContentTerms(FirstQuestion(c.Section.Heading)) is var terms && terms.Contains(name) && !terms.Any(t => t.Any(char.IsAsciiDigit)))
            .OrderBy(c => c.Asks)
            .Select(c => best with { Section = c.Section })
            .FirstOrDefault();
    }

    /// <summary>The first of the questions a heading joins ("What is Vidu" of "What is Vidu and when was it unveiled?").</summary>
    private static string FirstQuestion(string heading) => HeadingJoin().Split(heading, 2)[0];

    [GeneratedRegex(@",\s|\s(and|và)\s", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingJoin();

    private static IReadOnlyList<ModelVersion> HeadingVersions(SearchHit hit) => ModelVersions.In(hit.Section.Heading, namesOnly: true);

    /// <summary>
    /// Among the hits whose heading names a version of a family the question names ("Hailuo 2.3" for "hailuo"), the
    /// one with the highest version, or null when no heading names one.
    /// </summary>
    private static SearchHit? NewestVersion(IReadOnlyList<SearchHit> hits, IReadOnlySet<string> queryTerms)
    {
        SearchHit? newest = null;
        string? highest = null;
        foreach (var hit in hits)
        {
            foreach (var version in HeadingVersions(hit))
            {
                if (KnowledgeText.ContentTerms(version.Family).Any(queryTerms.Contains) && (highest is null || ModelVersions.Compare(version.Version, highest) > 0))
                {
                    (newest, highest) = (hit, version.Version);
                }
            }
        }

        return newest;
    }

    // Sections compared by ChooseSection: at most this many, each keeping this share of the best retrieval score (the
    // share PreferRecentFacts also calls "nearly as relevant").
    private const int MaxCandidates = 4;
    private const double CandidateRelevance = 0.8;

    // Fits closer than this are a tie, which retrieval's order settles.
    private const double FitTie = 1e-9;

    /// <summary>
    /// "Tell me more": the next sentences, in order, of the sections already cited and then of the other sections of
    /// the cited files, leaving out every sentence <paramref name="shown"/> already contains. Empty when nothing is left.
    /// </summary>
    public AnswerDraft Continue(IReadOnlyList<SearchHit> hits, IReadOnlySet<string> citedPaths, string shown, string language)
    {
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(citedPaths);
        ArgumentNullException.ThrowIfNull(shown);
        var budget = options.Value.MaxAnswerChars;
        var seen = Normalize(shown);
        var best = hits.FirstOrDefault(h => citedPaths.Contains(h.Section.Path)) ?? hits.FirstOrDefault();
        if (best is null)
        {
            return AnswerDraft.Decline();
        }

        // More about the same thing: the cited files' retrieved sections first, then their other sections in the file's
        // order. Another file, however relevant to the words of the question, is another subject ("and in Vietnam?"
        // after a Sora answer must not continue with Nvidia's Vietnam office).
        var citedFiles = knowledge?.Current.Documents.Where(d => citedPaths.Contains(d.Path) && d.Lang == best.Section.Lang).SelectMany(d => d.Sections) ?? [];
        var ordered = hits.Where(h => citedPaths.Contains(h.Section.Path))
            .Select(h => h.Section)
            .Concat(citedFiles)
            .DistinctBy(s => s.Key);
        var chosen = new List<string>();
        var used = new List<KnowledgeSection>();
        var length = 0;
        foreach (var section in ordered)
        {
            // A bare "Yes." answers its section's heading, which a continuation does not show: it would read as noise.
            var fresh = Sentences(section, EmptyTerms)
                .Where(s => !seen.Contains(Normalize(s.Text), StringComparison.Ordinal) && !BareYesOrNo().IsMatch(s.Text))
                .ToList();
            var took = false;
            foreach (var sentence in fresh)
            {
                if (length > 0 && length + sentence.Text.Length + 1 > budget)
                {
                    break;
                }

                chosen.Add(sentence.Text);
                length += sentence.Text.Length + 1;
                took = true;
            }

            if (took)
            {
                used.Add(section);
            }

            if (length >= budget / 2)
            {
                break;
            }
        }

        return chosen.Count == 0
            ? AnswerDraft.Decline()
            : new AnswerDraft([JoinSentences(chosen)], used, Declined: false, best.Section.Lang == language ? [] : [Phrases.OtherLanguageNote(language)]);
    }

    private static readonly HashSet<string> EmptyTerms = [];

    /// <summary>
    /// The opening sentence (the best-scoring one: see <see cref="Score"/>), then up to <see cref="MaxSupporting"/>
    /// further sentences that also match the question, in the section's order, within <paramref name="budget"/>
    /// characters. An opening sentence that introduces a list ("Its main specs:") is followed by the list's items
    /// instead, and one that points back ("This closed …", "Điều này …") comes after the sentence it points to. When the
    /// opening sentence lacks the shape of the answer asked for (a cause for "why"), the section's best sentence that has
    /// it comes first among the supporting ones; for a question about the present, the section's latest fact does. The
    /// first sentence is kept whole unless it alone is over twice the budget.
    /// </summary>
    internal static List<string> AnswerFirst(
        KnowledgeSection section,
        IReadOnlySet<string> queryTerms,
        int budget,
        QuestionIntent intent = default,
        Func<string, double>? rarity = null,
        IReadOnlySet<string>? named = null,
        string? second = null,
        IReadOnlySet<string>? asked = null)
    {
        asked ??= queryTerms.Where(t => !t.Contains('_', StringComparison.Ordinal) && !t.Contains('-', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var sentences = Sentences(section, queryTerms, intent, rarity, named, asked);
        if (sentences.Count == 0)
        {
            return [];
        }

        var opener = sentences.OrderByDescending(s => s.Score).ThenBy(s => s.Order).First();
        var openerText = opener.Text.Length <= 2 * budget ? opener.Text : Cut(opener.Text, budget);
        var shownBefore = -1;
        if (opener.Order > 0 && RefersBack().IsMatch(opener.Text) && !AnswerShape.Fits(QuestionKind.YesNo, opener.Text) &&
            sentences[opener.Order - 1].Text is { } antecedent && !antecedent.EndsWith(':') && antecedent.Length + 1 + openerText.Length <= 2 * budget)
        {
            // "This closed what was called a loophole." says nothing without the sentence it points back to.
            openerText = antecedent + " " + openerText;
            shownBefore = opener.Order - 1;
        }

        if (opener.Text.StartsWith("- ", StringComparison.Ordinal) && ListIntro(sentences, opener) is { } intro)
        {
            // A list item that answers comes under the sentence that introduces its list ("Sora came with a ChatGPT
            // subscription:" then "- ChatGPT Pro (US$200 a month): …"), itself after the sentence before it when it
            // says nothing on its own ("It:"). The item leads the list, and the other items follow in order as far as
            // the list budget allows. Each place keeps its punctuation ("…;" inside, "…." last).
            var list = ListItems(sentences, intro, int.MaxValue, atLeastOne: true);
            var head = intro.Order > 0 && KnowledgeText.ContentTerms(intro.Text).Count == 0 && sentences[intro.Order - 1].Text is { } before &&
                       !before.StartsWith("- ", StringComparison.Ordinal) && !before.EndsWith(':') && before.Length + intro.Text.Length + openerText.Length + 2 <= ListBudget(budget)
                ? before + " " + intro.Text
                : intro.Text;
            List<Sentence> ordered = [opener, .. list.Where(i => i.Order != opener.Order)];
            // The answering item is always shown (cut if it alone is over twice the budget); the others in order, while
            // they fit beside it.
            var room = ListBudget(budget) - head.Length - openerText.Length - 2;
            var taken = new List<string>();
            for (var place = 0; place < ordered.Count; place++)
            {
                var item = ordered[place];
                if (item.Order != opener.Order)
                {
                    if (item.Text.Length + 1 > room)
                    {
                        break;
                    }

                    room -= item.Text.Length + 1;
                }

                taken.Add(item.Order == opener.Order && openerText != opener.Text ? openerText : item.Text.TrimEnd(';', '.', ',') + ListMark(list[place].Text));
            }

            return [JoinSentences([head, .. taken])];
        }

        var length = openerText.Length;
        if (openerText.EndsWith(':'))
        {
            var items = ListItems(sentences, opener, ListBudget(budget) - length, atLeastOne: true);
            if (items.Count > 0)
            {
                return [JoinSentences([openerText, .. items.Select(i => i.Text)])];
            }
        }

        // Supporting sentences: the best other match, and the sentence right after the opening one (it usually
        // explains it), then further matches; in the section's order after the opening sentence.
        var ranked = sentences.Where(s => s.Order != opener.Order && s.Score > 0).OrderByDescending(s => s.Score).ThenBy(s => s.Order).ToList();
        var next = sentences.FirstOrDefault(s => s.Order == opener.Order + 1);
        var secondAnswer = SecondAnswer(section, second, opener, rarity).ToList();
        // An opening sentence without the shape of the answer asked for ("why" answered without a cause) is followed by
        // the section's best sentence that has it, even one that shares no word with the question: a cause is often
        // worded apart from what it explains ("Reports linked the decline to competition …").
        // A bare "Yes." that replies to the heading's question, not to this one, is never that sentence.
        var unsaid = sentences.Count > 1 && IsBareReply(section, sentences[0].Text, named) && !SaysEveryWord(section, asked) ? 0 : -1;
        var shaped = AnswerShape.Fits(intent.Kind, opener.Text) ? null
            : sentences.Where(s => s.Order != opener.Order && s.Order != unsaid && AnswerShape.Fits(intent.Kind, s.Text)).OrderByDescending(s => s.Score).ThenBy(s => s.Order).FirstOrDefault();
        // A question about the present hears the section's latest facts, even when the opening sentence is older.
        var latest = intent.AboutPresent ? Latest(section, sentences) : null;
        IEnumerable<Sentence> candidates =
        [
            .. secondAnswer,
            .. latest is null || latest.Order == opener.Order ? [] : new[] { latest },
            .. shaped is null ? [] : new[] { shaped },
            .. ranked.Take(1),
            .. next is null ? [] : new[] { next },
            .. ranked.Skip(1),
        ];
        var supporting = new List<Sentence>();
        foreach (var s in candidates.Where(s => s.Order != shownBefore).DistinctBy(s => s.Order))
        {
            if (supporting.Count >= MaxSupporting)
            {
                break;
            }

            if (supporting.Any(c => c.Order == s.Order))
            {
                continue;
            }

            if (s.Text.EndsWith(':'))
            {
                // A sentence that introduces a list says nothing without it: it comes with the items that fit, or not at all.
                var items = ListItems(sentences, s, ListBudget(budget) - length - s.Text.Length - 1, atLeastOne: true).Where(i => i.Order != opener.Order).ToList();
                if (items.Count > 0 && length + s.Text.Length + 1 + items.Sum(i => i.Text.Length + 1) <= ListBudget(budget))
                {
                    supporting.Add(s);
                    supporting.AddRange(items);
                    length += s.Text.Length + 1 + items.Sum(i => i.Text.Length + 1);
                }

                continue;
            }

            // The answer to a second question may take the list budget: two questions get two facts. So may the best
            // match after the opening sentence: when the two together run long, a shorter and weaker sentence is no
            // replacement for the one that holds what was asked.
            if (length + s.Text.Length + 1 <= (secondAnswer.Contains(s) || (ranked.Count > 0 && s.Order == ranked[0].Order) ? ListBudget(budget) : budget))
            {
                supporting.Add(s);
                length += s.Text.Length + 1;
            }
        }

        return [JoinSentences([openerText, .. supporting.DistinctBy(s => s.Order).OrderBy(s => s.Order).Select(s => s.Text)])];
    }

    /// <summary>
    /// For a message that asks two questions ("… ngày nào, giá IPO bao nhiêu?"), the section's sentence that answers
    /// the second, to follow the opening sentence first; empty when there is no second question or the opening
    /// sentence answers it too.
    /// </summary>
    private static IEnumerable<Sentence> SecondAnswer(KnowledgeSection section, string? second, Sentence opener, Func<string, double>? rarity)
    {
        if (second is null)
        {
            return [];
        }

        var terms = new HashSet<string>(KnowledgeText.Terms(second), StringComparer.Ordinal);
        var best = Sentences(section, terms, QuestionIntent.Recognise(second), rarity).Where(s => s.Score > 0).OrderByDescending(s => s.Score).ThenBy(s => s.Order).FirstOrDefault();
        return best is null || best.Order == opener.Order ? [] : [best];
    }

    /// <summary>
    /// Room for an answer that is a list (the items after "Its main specs:"): a list is only useful whole, so it may
    /// take up to twice the answer budget, the most an opening sentence may take too; the reply still fits one message.
    /// </summary>
    private static int ListBudget(int budget) => 2 * budget;

    /// <summary>The list items right after <paramref name="intro"/>, in order, as many as fit in <paramref name="room"/> characters.</summary>
    private static List<Sentence> ListItems(List<Sentence> sentences, Sentence intro, int room, bool atLeastOne)
    {
        var items = new List<Sentence>();
        var used = 0;
        foreach (var item in sentences.Where(s => s.Order > intro.Order).TakeWhile(s => s.Text.StartsWith("- ", StringComparison.Ordinal)))
        {
            if (used + item.Text.Length + 1 > room && !(atLeastOne && items.Count == 0))
            {
                break;
            }

            items.Add(item);
            used += item.Text.Length + 1;
        }

        return items;
    }

    /// <summary>The sentence that introduces the list <paramref name="item"/> belongs to ("… came with a subscription:"), or null.</summary>
    private static Sentence? ListIntro(List<Sentence> sentences, Sentence item)
    {
        var at = item.Order - 1;
        while (at >= 0 && sentences[at].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            at--;
        }

        return at >= 0 && sentences[at].Text.EndsWith(':') ? sentences[at] : null;
    }

    /// <summary>The punctuation that ends a list item ("" when none).</summary>
    private static string ListMark(string item) => item.Length > 0 && item[^1] is ';' or '.' or ',' ? item[^1].ToString() : "";

    private sealed record Sentence(int Order, string Text, double Score);

    private static List<Sentence> Sentences(
        KnowledgeSection section, IReadOnlySet<string> queryTerms, QuestionIntent intent = default, Func<string, double>? rarity = null, IReadOnlySet<string>? named = null, IReadOnlySet<string>? asked = null)
    {
        var texts = SectionSentences(section).ToList();
        var terms = texts.Select(t => (IReadOnlyList<string>)[.. KnowledgeText.Terms(t).Distinct(StringComparer.Ordinal)]).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms.SelectMany(t => t))
        {
            frequency[term] = frequency.GetValueOrDefault(term) + 1;
        }

        var weights = QueryWeights(queryTerms, rarity);
        // The section is about the words of its heading and its file's title: they are in the question because the
        // section was found by them, and they tell its sentences apart less than the question's other words do.
        var heading = KnowledgeText.Terms(section.DocumentTitle + "\n" + section.Heading).ToHashSet(StringComparer.Ordinal);
        foreach (var term in weights.Keys.Where(heading.Contains).ToList())
        {
            weights[term] *= HeadingWordShare;
        }

        var scored = texts.Select((text, i) => new Sentence(i, text, Score(terms[i], weights, frequency, texts.Count, text, intent.Kind, i))).ToList();
        if (intent.AboutPresent || intent.Until)
        {
            // A question about the present ("still", "now", "hiện nay") is answered by the section's latest facts; one
            // that asks "until when" by its latest date, a deadline to come included.
            var (dates, latest) = LatestFacts(section, texts, plansToo: !intent.AboutPresent);
            if (latest is not null)
            {
                scored = [.. scored.Select((s, i) => dates[i] == latest && s.Score > 0 ? s with { Score = s.Score * (1 + AnswerShape.Bonus) } : s)];
            }
        }

        if (intent.Kind == QuestionKind.YesNo && texts.Count > 1 && IsBareReply(section, texts[0], named) &&
            (asked is null || SaysEveryWord(section, asked)))
        {
            // "Yes." or "It could not be confirmed." opening a section replies to its heading's question, which is the
            // question asked: it opens the answer, and the sentence after it (which says why) follows.
            scored[0] = scored[0] with { Score = scored.Max(x => x.Score) + 1 };
        }

        return scored;
    }

    /// <summary>The first of the section's sentences that state its latest fact (see <see cref="LatestFacts"/>), or null.</summary>
    private static Sentence? Latest(KnowledgeSection section, List<Sentence> sentences)
    {
        var (dates, latest) = LatestFacts(section, [.. sentences.Select(s => s.Text)]);
        var at = latest is null ? -1 : dates.IndexOf(latest);
        return at < 0 ? null : sentences[at];
    }

    /// <summary>
    /// The latest date each sentence states (<see cref="AnswerShape.LatestDate"/>, dates after the section's
    /// <c>as_of</c> left out as plans unless <paramref name="plansToo"/>, for "until when"), and the latest of them all;
    /// null when no sentence states a date.
    /// </summary>
    private static (List<string> Dates, string? Latest) LatestFacts(KnowledgeSection section, IReadOnlyList<string> texts, bool plansToo = false)
    {
        var asOf = plansToo ? null : section.AsOf.ToString();
        var dates = texts.Select(t => AnswerShape.LatestDate(t, asOf)).ToList();
        return (dates, dates.Where(d => d.Length > 0).OrderByDescending(AnswerShape.SortKey, StringComparer.Ordinal).FirstOrDefault());
    }

    /// <summary>
    /// Whether the section uses every word and number of what is asked (the question without its question and
    /// present-time words, <see cref="QuestionIntent.SearchText"/>): a bare "Yes." asserts all of it, so "is deepseek
    /// safe to use" is not answered "Yes." by a section about DeepSeek using Nvidia chips, which never says "safe".
    /// </summary>
    private static bool SaysEveryWord(KnowledgeSection section, IReadOnlySet<string> asked)
    {
        var said = KnowledgeText.ContentTerms(section.DocumentTitle + "\n" + section.Heading + "\n" + section.Text).ToHashSet(StringComparer.Ordinal);
        return asked.All(said.Contains);
    }

    /// <summary>
    /// A short sentence that opens a section whose heading is a question, and replies to it with a yes, a no or an
    /// "it could not be confirmed" (<see cref="AnswerShape"/>'s yes/no shape), when that heading is about what the
    /// question names: every name the question writes is in it. "Reports differ" replies to "Was Alibaba in the first
    /// batch?", not to "Was Zhipu in the first batch?".
    /// </summary>
    private static bool IsBareReply(KnowledgeSection section, string first, IReadOnlySet<string>? named) =>
        section.Heading.TrimEnd().EndsWith('?') && first.Length <= BareReplyLength && AnswerShape.Fits(QuestionKind.YesNo, first) &&
        (named is null || named.All(KnowledgeText.Terms(section.DocumentTitle + "\n" + section.Heading).Contains));

    /// <summary>
    /// The terms of the words a question writes as names: with a capital letter after its first word, or with digits
    /// ("Zhipu", "950DT", "H20"). Lower-case typing names nothing this way.
    /// </summary>
    internal static IReadOnlySet<string> NamedTerms(string question)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        var words = question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i].Trim('?', '!', '.', ',', ':', ';', '"', '\'', '(', ')');
            if ((i > 0 && word.Any(char.IsUpper)) || (word.Any(char.IsDigit) && word.Any(char.IsLetter)))
            {
                named.UnionWith(KnowledgeText.ContentTerms(word));
            }
        }

        return named;
    }

    // "Không, các nguồn chưa thống nhất." is about as long as a bare reply gets.
    private const int BareReplyLength = 48;

    /// <summary>
    /// Each query term's weight: how rare it is in the whole knowledge (its IDF, learned when the index is built)
    /// relative to the question's other terms, so the words that name what is asked ("memory", "IPO") count for more
    /// than the words every section on the subject shares ("Nvidia", "chip"). Without statistics, every term weighs 1.
    /// </summary>
    private static Dictionary<string, double> QueryWeights(IReadOnlySet<string> queryTerms, Func<string, double>? rarity)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in queryTerms.Where(t => !t.Contains('_', StringComparison.Ordinal)))
        {
            weights[term] = rarity?.Invoke(term) ?? 1.0;
        }

        var mean = weights.Count == 0 ? 1.0 : weights.Values.Average();
        foreach (var term in weights.Keys.ToList())
        {
            weights[term] = mean > 0 ? weights[term] / mean : 1.0;
        }

        return weights;
    }
    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Cut(string text, int max)
    {
        var cut = text.LastIndexOf(' ', Math.Min(text.Length - 1, max));
        return (cut > max / 2 ? text[..cut] : text[..max]).TrimEnd(',', ';', ':', ' ') + "…";
    }

    private static string JoinSentences(IEnumerable<string> sentences)
    {
        var sb = new StringBuilder();
        foreach (var s in sentences)
        {
            if (sb.Length > 0)
            {
                sb.Append(s.StartsWith("- ", StringComparison.Ordinal) ? '\n' : ' ');
            }

            sb.Append(s);
        }

        return sb.ToString();
    }

    /// <summary>
    /// How well a sentence answers: the query terms it contains, each weighted by its rarity in the knowledge
    /// (<see cref="QueryWeights"/>) and by how rare it is among the section's sentences (a term every sentence repeats,
    /// such as the subject's name, tells them apart least), words only; more when the sentence has the shape of the
    /// answer the question asks for (<see cref="AnswerShape"/>: a date for "when", a number for "how many"); dates and
    /// numbers as a tie-breaker; earlier sentences first.
    /// </summary>
    private static double Score(IReadOnlyList<string> terms, Dictionary<string, double> queryWeights, Dictionary<string, int> frequency, int count, string text, QuestionKind kind, int order)
    {
        double score = 0;
        foreach (var term in terms)
        {
            // Words only: a pair repeats the question's phrasing ("AI label rules") more than it names what is asked.
            if (!term.Contains('_', StringComparison.Ordinal) && queryWeights.TryGetValue(term, out var global))
            {
                score += Math.Log(1.0 + ((double)count / frequency[term])) * global;
            }
        }

        if (score <= 0)
        {
            return 0;
        }

        if (AnswerShape.Fits(kind, text))
        {
            score *= 1 + AnswerShape.Bonus;
        }

        if (Digits().IsMatch(text))
        {
            score += 0.25;
        }

        // A section's opening sentence usually states its main point: among equal matches, earlier wins.
        return score + (0.5 / (1 + order));
    }

    /// <summary>A section's sentences and list items, in order.</summary>
    private static IEnumerable<string> SectionSentences(KnowledgeSection section) =>
        section.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(SplitSentences);

    internal static IEnumerable<string> SplitSentences(string paragraph)
    {
        foreach (var line in paragraph.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                yield return line;
                continue;
            }

            foreach (var sentence in SentenceEnd().Split(line))
            {
                if (sentence.Length > 0)
                {
                    yield return sentence.Trim();
                }
            }
        }
    }

    // A question for the newest model or version: "newest model", "latest version", "mô hình mới nhất", "bản mới nhất"
    // (the recency word and the model word, in either order).
    [GeneratedRegex(
        @"\b(newest|latest|most recent|mới nhất|moi nhat)\b.{0,60}\b(models?|versions?|releases?|mô hình|mo hinh|phiên bản|phien ban|bản)\b" +
        @"|\b(models?|versions?|releases?|mô hình|mo hinh|phiên bản|phien ban|bản)\b.{0,60}\b(newest|latest|most recent|mới nhất|moi nhat)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AsksForTheNewestModel();

    // A sentence that opens by pointing back at the one before it: a demonstrative or a pronoun subject.
    [GeneratedRegex(@"^(This|That|These|Those|They|It|Its|Their|His|Her|Such|Điều này|Việc này|Điều đó|Việc đó|Đây|Đó|Họ)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RefersBack();

    // A sentence ends at . ! ? followed by space and an upper-case letter, a digit or an opening quote/bracket.
    // Abbreviations do not end one: initials ("H.R. 8152", "U.S. House", "J. Smith") and the common English and
    // Vietnamese abbreviations before a name or number ("No. 70", "Mr.", "Inc.", "e.g.", "TS.", "ThS.", "TP.").
    [GeneratedRegex(
        @"(?<=[.!?])(?<!(^|[\s(])(\p{Lu}\.)+)(?<!\b(No|Nos|Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|vs|Inc|Co|Corp|Ltd|Bros|approx|Fig|Vol|ca|e\.g|i\.e|TS|ThS|PGS|GS|TP|Tp)\.)\s+(?=[\p{Lu}0-9""“(])",
        RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^\s*(Yes|No|Có|Không|Chưa|Đúng|Sai)\s*[.!]?\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BareYesOrNo();
}
