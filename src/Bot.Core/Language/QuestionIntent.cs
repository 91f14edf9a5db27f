using System.Text;
using System.Text.RegularExpressions;
using Bot.Knowledge.Text;

namespace Bot.Core.Language;

/// <summary>What a question asks for: the kind of answer that fits it.</summary>
public enum QuestionKind
{
    /// <summary>No question word (a keyword query, a request such as "tell me about Kling").</summary>
    Other,

    /// <summary>A date or time: when, what year, khi nào, bao giờ, năm nào.</summary>
    When,

    /// <summary>A person or organisation: who, which company, ai, công ty nào.</summary>
    Who,

    /// <summary>A count or measure: how many, how long, number of, bao nhiêu, mấy, bao lâu.</summary>
    HowMany,

    /// <summary>A price or cost: how much, price, giá, chi phí, bao nhiêu tiền.</summary>
    HowMuch,

    /// <summary>A place: where, which country, ở đâu, nước nào.</summary>
    Where,

    /// <summary>A reason: why, how come, tại sao, vì sao.</summary>
    Why,

    /// <summary>A manner or process: how, như thế nào, ra sao, làm sao.</summary>
    How,

    /// <summary>A name or definition: what, which, là gì, nào.</summary>
    What,

    /// <summary>Yes or no: a question opened by an auxiliary (is, does, can) or closed by có … không / chưa.</summary>
    YesNo,
}

/// <summary>
/// The intent of a question, recognised from the grammar of English and Vietnamese: question words and their
/// positions, auxiliaries that open a yes/no question, the Vietnamese frames <c>có … không</c> and <c>đã … chưa</c>,
/// and adverbs of time. No list of development questions is involved; chat spellings ("bn", "j", "ntn", "ko") are
/// read through <see cref="VietnameseChat"/>'s table.
/// </summary>
/// <param name="Kind">The kind of answer asked for.</param>
/// <param name="AboutPresent">The question asks about the current state: still, now, latest, so far, status, còn … không, hiện nay,
/// mới nhất, đến nay, giờ sao. A closing "rồi" is not enough: it marks what is done ("lúc ra có bao nhiêu người dùng
/// rồi?"), which may be a past event.</param>
/// <param name="Compare">The question compares: vs, compare, difference, than, so sánh, khác nhau, hơn.</param>
/// <param name="List">The question asks for several items: list, which … are, liệt kê, những … nào.</param>
public readonly partial record struct QuestionIntent(QuestionKind Kind, bool AboutPresent, bool Compare, bool List)
{
    private static readonly HashSet<string> Auxiliaries = Set(
        "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had",
        "may", "might", "must", "shall", "isn", "aren", "wasn", "weren", "don", "doesn", "didn", "can't", "won", "hasn", "haven");

    // Nouns that make "which/what X" a question about a time, an agent, a place or a measure.
    private static readonly HashSet<string> TimeNouns = Set("year", "years", "date", "dates", "month", "day", "time", "week", "decade");
    private static readonly HashSet<string> AgentNouns = Set(
        "company", "companies", "firm", "firms", "lab", "labs", "startup", "startups", "person", "people", "organisation",
        "organization", "organisations", "organizations", "maker", "makers", "developer", "developers", "team", "vendor",
        "vendors", "group", "ceo", "founder", "founders", "agency", "regulator", "regulators", "government", "chipmaker");
    private static readonly HashSet<string> PlaceNouns = Set("country", "countries", "city", "cities", "place", "places", "region", "regions", "province");

    // The last syllable (folded) of Vietnamese head nouns before "nào"/"bao nhiêu"/"mấy": năm, tháng, thời điểm;
    // công ty, hãng, tập đoàn, doanh nghiệp, tổ chức, cơ quan, người, chính phủ; nước, quốc gia, thành phố, tỉnh, nơi.
    private static readonly HashSet<string> VietnameseTimeHeads = Set("nam", "thang", "ngay", "tuan", "diem", "gio", "luc", "hoi", "khi", "quy");
    private static readonly HashSet<string> VietnameseAgentHeads = Set("ty", "hang", "doan", "nghiep", "chuc", "quan", "nguoi", "ong", "ba", "phu");
    private static readonly HashSet<string> VietnamesePlaceHeads = Set("nuoc", "gia", "pho", "tinh", "noi", "vung", "cho", "dau");
    private static readonly HashSet<string> MeasureWords = Set("many", "long", "big", "large", "old", "fast", "far", "high", "tall", "small", "often", "powerful");
    private static readonly HashSet<string> PriceNouns = Set("price", "prices", "pricing", "priced", "cost", "costs", "fee", "fees", "expensive", "cheap", "cheaper", "subscription");
    private static readonly HashSet<string> DateNouns = Set("date", "dates", "year", "deadline");
    private static readonly HashSet<string> PresentWords = Set(
        "still", "now", "currently", "current", "today", "latest", "anymore", "nowadays", "presently", "newest", "recent",
        "recently", "yet", "status");
    private static readonly HashSet<string> CompareWords = Set(
        "vs", "versus", "compare", "compared", "compares", "comparing", "comparison", "difference", "differences",
        "differ", "differs", "different", "than", "between");
    private static readonly HashSet<string> ListWords = Set("list", "examples", "kinds", "types", "all", "every", "which ones");

    // Vietnamese verbs and copulas that follow "ai" when it means "who" ("ai là", "ai đã làm"), and the prepositions
    // before it ("của ai", "do ai"). Written in folded form. "AI" in capitals is the loanword, never "who".
    private static readonly HashSet<string> AfterWho = Set(
        "la", "da", "dang", "se", "lam", "tao", "phat", "dung", "ra", "co", "duoc", "sang", "so", "dan", "chiu",
        "ban", "ky", "cam", "mua", "nam", "quyet", "dieu", "thang", "dau", "cung", "bi", "con");
    private static readonly HashSet<string> BeforeWho = Set("la", "cua", "do", "boi", "voi", "cho", "duoc", "thuoc", "giup", "gap", "nho");

    /// <summary>
    /// The question without the words that carry its intent rather than its subject, for searching: the adverbs of
    /// time that make it a question about the present ("now", "latest", "hiện nay", "mới nhất"; the present-state
    /// preference takes care of them) and the light verb "đóng vai trò" / "play a role" ("Cơ quan nào đóng vai trò
    /// chính trong việc đăng ký…" asks which agency registers), and the question phrases whose words are content words
    /// elsewhere ("bao nhiêu", "bao giờ", "bao lâu", "vì sao", "ra sao", "ở đâu", "how many"): the intent already holds
    /// what they ask, and as search terms they match every heading that asks the same kind of question ("Huấn luyện
    /// DeepSeek-V3 tốn bao nhiêu tiền?" for "DeepSeek-V3 có bao nhiêu tham số?"). The other question words are stop
    /// words already. Everything else is kept as typed, capitals included.
    /// When nothing else would be left, the question is returned unchanged.
    /// </summary>
    public static string SearchText(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var words = new List<(int Start, int End, string Folded)>();
        for (var i = 0; i < question.Length;)
        {
            if (!char.IsLetterOrDigit(question[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < question.Length && (char.IsLetterOrDigit(question[i]) || char.GetUnicodeCategory(question[i]) == System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                i++;
            }

            words.Add((start, i, KnowledgeText.Fold(question[start..i])));
        }

        var drop = new bool[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i].Folded;
            var next = i + 1 < words.Count ? words[i + 1].Folded : string.Empty;
            var next2 = i + 2 < words.Count ? words[i + 2].Folded : string.Empty;
            if (PresentWords.Contains(w))
            {
                drop[i] = true;
            }
            else if ((w == "hien" && next is "nay" or "tai" or "gio" or "thoi") || (w == "bay" && next == "gio") || (w == "moi" && next == "nhat") ||
                     (w == "gan" && next is "day" or "nhat") || (w == "right" && next == "now") || (w == "these" && next == "days"))
            {
                drop[i] = drop[i + 1] = true;
            }
            else if ((w == "bao" && next is "nhieu" or "gio" or "lau") || (w is "vi" or "ra" && next == "sao") || (w == "o" && next == "dau") ||
                     (w == "how" && next is "many"))
            {
                drop[i] = drop[i + 1] = true;
            }
            else if (w == "dong" && next == "vai" && next2 == "tro")
            {
                drop[i] = drop[i + 1] = drop[i + 2] = true;
            }
            else if (w is "play" or "plays" or "played" or "playing" && next is "a" or "the" && next2 == "role")
            {
                drop[i] = drop[i + 1] = drop[i + 2] = true;
            }
        }

        if (!drop.Contains(true) || drop.All(d => d))
        {
            return question;
        }

        var sb = new StringBuilder(question.Length);
        var from = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (drop[i])
            {
                sb.Append(question, from, words[i].Start - from);
                from = words[i].End;
            }
        }

        sb.Append(question, from, question.Length - from);
        return string.Join(' ', sb.ToString().Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// The second question of a message that asks two, joined by a comma, "and" or "và" ("When did the House pass it
    /// and who sponsored it?", "lên sàn ngày nào, giá IPO bao nhiêu?"), when each part asks for its own kind of answer
    /// (a date, a person, a number…); null for a single question.
    /// </summary>
    public static string? SecondQuestion(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        foreach (Match join in Coordinator().Matches(question))
        {
            var first = question[..join.Index];
            var second = question[(join.Index + join.Length)..];
            var a = Primary(Tokens.Of(first));
            var b = Primary(Tokens.Of(second));
            if (a is not (QuestionKind.Other or QuestionKind.What) && b is not (QuestionKind.Other or QuestionKind.What) && a != b)
            {
                return second;
            }
        }

        return null;
    }

    [GeneratedRegex(@",\s+(and\s+|và\s+)?|\s+(and|và)\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Coordinator();

    /// <summary>Recognises the intent of <paramref name="question"/> (any language; chat spellings allowed).</summary>
    public static QuestionIntent Recognise(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var t = Tokens.Of(question);
        var kind = Primary(t);
        return new QuestionIntent(kind, AsksAboutPresent(t), Compares(t), Lists(t)) { Until = AsksUntil(t) };
    }

    private static QuestionKind Primary(Tokens t)
    {
        var what = false;
        for (var i = 0; i < t.Count; i++)
        {
            var w = t.Folded[i];
            var next = t.At(i + 1);
            var next2 = t.At(i + 2);
            switch (w)
            {
                // English question words.
                case "when":
                    return QuestionKind.When;
                case "who" or "whom" or "whose":
                    return QuestionKind.Who;
                case "where":
                    return QuestionKind.Where;
                case "why":
                    return QuestionKind.Why;
                case "how" when next is "much" || (PriceNouns.Contains(next) && next != "cost"):
                    return QuestionKind.HowMuch;
                case "how" when next == "long" && next2 == "ago":
                    return QuestionKind.When;
                case "how" when next == "come":
                    return QuestionKind.Why;
                case "how" when MeasureWords.Contains(next):
                    return QuestionKind.HowMany;
                case "how":
                    return QuestionKind.How;
                case "what" or "which" when TimeNouns.Contains(next) || (next is "is" or "was" && next2 is "the" && TimeNouns.Contains(t.At(i + 3))):
                    return QuestionKind.When;
                case "what" or "which" when AgentNouns.Contains(next):
                    return QuestionKind.Who;
                case "what" or "which" when PlaceNouns.Contains(next):
                    return QuestionKind.Where;
                case "what" when next == "for" || (next is "is" or "was" or "were" && next2 == "the" && t.At(i + 3) is "reason" or "reasons"):
                    return QuestionKind.Why;
                case "what" or "which":
                    what = true;
                    break;
                case "number" when next == "of":
                    return QuestionKind.HowMany;

                // Vietnamese (folded; diacritics checked on the raw token where folding makes words meet).
                case "bao" when next is "gio":
                case "tu" when next == "bao" && next2 == "gio":
                    return QuestionKind.When;
                case "bao" when next == "lau":
                    return QuestionKind.HowMany;
                case "bao" when next == "nhieu":
                    return MoneyNear(t, i) ? QuestionKind.HowMuch : VietnameseTimeHeads.Contains(t.At(i - 1)) ? QuestionKind.When : QuestionKind.HowMany;
                case "may" when t.Raw[i] == "mấy":
                    return VietnameseTimeHeads.Contains(t.At(i - 1)) ? QuestionKind.When : QuestionKind.HowMany;
                case "so" when next == "luong":
                    return QuestionKind.HowMany;
                case "tai" or "vi" when next == "sao":
                case "sao" when next == "lai":
                case "ly" when next == "do":
                case "nguyen" when next == "nhan":
                    return QuestionKind.Why;
                case "o" or "tu" when next == "dau" && t.Raw[i + 1] is "đâu" or "dau" && i + 2 >= t.Count:
                case "dau" when t.Raw[i] == "đâu":
                    return QuestionKind.Where;
                case "ai" when IsWho(t, i):
                    return QuestionKind.Who;
                case "nao" or "gi" when next is "ca" or "het":
                    // "không có giới hạn nào cả", "không biết gì hết": "at all" after a negation, not a question word.
                    break;
                case "nao":
                    var kind = WhichNoun(t, i);
                    if (kind != QuestionKind.What)
                    {
                        return kind;
                    }

                    what = true;
                    break;
                case "ra" when next == "sao":
                case "lam" when next == "sao":
                case "cach" when next == "nao":
                    return QuestionKind.How;
                case "gi" when t.Raw[i] is "gì" or "gi":
                    what = true;
                    break;
            }
        }

        if (IsYesNo(t))
        {
            return QuestionKind.YesNo;
        }

        for (var i = 0; i < t.Count; i++)
        {
            if (PriceNouns.Contains(t.Folded[i]) || IsVietnamesePrice(t, i))
            {
                return QuestionKind.HowMuch;
            }
        }

        if (!what)
        {
            for (var i = 0; i < t.Count; i++)
            {
                if (DateNouns.Contains(t.Folded[i]))
                {
                    return QuestionKind.When;
                }
            }
        }

        return what ? QuestionKind.What : QuestionKind.Other;
    }

    /// <summary>"X nào": a time noun asks when, an agent noun who, a place noun where ("năm nào", "hãng nào", "nước nào").</summary>
    private static QuestionKind WhichNoun(Tokens t, int nao)
    {
        var noun = t.At(nao - 1);
        if (noun == "the")
        {
            // "như thế nào" asks how, "giá thế nào" how much.
            return IsVietnamesePrice(t, nao - 2) ? QuestionKind.HowMuch : QuestionKind.How;
        }

        if (VietnameseTimeHeads.Contains(noun))
        {
            return QuestionKind.When;
        }

        // The head noun may stand before a name or a loanword that qualifies it ("công ty AI nào").
        for (var back = 1; back <= 3 && nao - back >= 0; back++)
        {
            var head = t.Folded[nao - back];
            if (VietnameseAgentHeads.Contains(head))
            {
                return QuestionKind.Who;
            }

            if (VietnamesePlaceHeads.Contains(head))
            {
                return QuestionKind.Where;
            }

            if (back == 1 && t.Original[nao - 1] == t.Raw[nao - 1])
            {
                // A lower-case word before "nào" is the head itself ("mô hình nào").
                break;
            }
        }

        return QuestionKind.What;
    }

    private static bool IsWho(Tokens t, int i)
    {
        if (t.Original[i] == "AI")
        {
            return false;
        }

        var previous = t.At(i - 1);
        var next = t.At(i + 1);
        return i == 0 || BeforeWho.Contains(previous) || AfterWho.Contains(next) || (next.Length == 0 && previous is "la" or "cua" or "do" or "boi");
    }

    private static bool MoneyNear(Tokens t, int i)
    {
        for (var j = Math.Max(0, i - 2); j <= Math.Min(t.Count - 1, i + 3); j++)
        {
            if (t.Folded[j] is "tien" or "usd" or "do" or "dola" or "dollar" or "ty" or "trieu" or "nghin" or "phi" || IsVietnamesePrice(t, j))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"giá" (price), "chi phí", "phí": not "gia" in "quốc gia", "gia đình", "tham gia".</summary>
    private static bool IsVietnamesePrice(Tokens t, int i)
    {
        if (i < 0 || i >= t.Count)
        {
            return false;
        }

        return t.Raw[i] == "giá" ||
               (t.Raw[i] == "gia" && !t.HasDiacritics && t.At(i - 1) is not ("quoc" or "tham" or "chuyen") && t.At(i + 1) is not ("dinh" or "han" or "tang")) ||
               (t.Folded[i] == "phi" && t.At(i - 1) == "chi") || t.Raw[i] == "phí";
    }

    private static bool IsYesNo(Tokens t)
    {
        // English: an auxiliary opens the question or one of its clauses ("ignore the hype: is Sora still available").
        for (var i = 0; i < t.Count; i++)
        {
            if ((i == 0 || t.ClauseStart[i]) && Auxiliaries.Contains(t.Folded[i]) && i + 1 < t.Count)
            {
                return true;
            }
        }

        // Vietnamese: "có … không", "đã … chưa", "phải không", "đúng không", closing the question.
        var last = t.Count - 1;
        while (last >= 0 && t.Folded[last] is "a" or "ha" or "nhi" or "vay" or "the")
        {
            last--;
        }

        return last > 0 && t.Folded[last] is "khong" or "chua" or "ko" or "k" or "hok" or "khum" or "chx" or "hem";
    }

    /// <summary>
    /// Whether the question asks for the end of a period: "until when", "till what date", "đến khi nào", "tới bao giờ",
    /// "đến ngày nào". Its answer is the latest date said, a deadline to come included.
    /// </summary>
    public bool Until { get; init; }

    private static bool AsksUntil(Tokens t)
    {
        for (var i = 0; i + 1 < t.Count; i++)
        {
            var w = t.Folded[i];
            var next = t.At(i + 1);
            var next2 = t.At(i + 2);
            if ((w is "until" or "till" or "til" && next is "when" or "what" or "which") ||
                (w is "den" or "toi" && ((next is "khi" or "ngay" or "luc" or "hoi" or "nam" or "thang" && next2 == "nao") || (next == "bao" && next2 == "gio"))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AsksAboutPresent(Tokens t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var w = t.Folded[i];
            var next = t.At(i + 1);
            if (PresentWords.Contains(w) ||
                (w == "right" && next == "now") || (w == "these" && next == "days") || (w == "at" && next == "the" && t.At(i + 2) == "moment") ||
                (w == "hien" && next is "nay" or "tai" or "gio" or "thoi") ||
                (w == "bay" && next == "gio") || (w == "hom" && next == "nay") || (w == "nam" && next == "nay") ||
                (w == "moi" && next == "nhat") || (w == "gan" && next is "day" or "nhat") || (w == "luc" && next == "nay") ||
                (w == "so" && next == "far") || (w is "den" or "toi" && next is "nay" or "gio") ||
                t.Raw[i] is "vẫn" or "đang" or "giờ" ||
                (t.Raw[i] == "gio" && next is "sao" or "the" or "ra" or "nhu") ||
                (w == "con" && (t.Raw[i] == "còn" || !t.HasDiacritics) && i > 0 && ClosesWithNegation(t, i)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"còn … không/nữa/chưa": still (not the "còn X thì sao?" of a follow-up, which opens the message).</summary>
    private static bool ClosesWithNegation(Tokens t, int from)
    {
        for (var j = from + 1; j < t.Count; j++)
        {
            if (t.Folded[j] is "khong" or "nua" or "chua" or "ko" or "k" or "hok" or "khum")
            {
                return true;
            }
        }

        return false;
    }

    private static bool Compares(Tokens t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var w = t.Folded[i];
            var next = t.At(i + 1);
            if (CompareWords.Contains(w) || (w == "so" && next is "sanh" or "voi") || (w == "khac" && next is "nhau" or "gi" or "biet") ||
                (w == "hon" && t.Raw[i] is "hơn" or "hon") || (w == "doi" && next == "thu"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Lists(Tokens t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var w = t.Folded[i];
            var next = t.At(i + 1);
            if (ListWords.Contains(w) || (w is "what" or "which" && next is "are" or "were") || (w == "name" && next is "all" or "the" or "some") ||
                (w == "liet" && next == "ke") || (w == "ke" && next == "ten") || (w == "danh" && next == "sach") ||
                (w == "bao" && next == "gom") || (w is "nhung" or "cac" && PluralAsked(t, i)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"những/các … nào", "những gì", "những ai": the plural marker with a question word after it.</summary>
    private static bool PluralAsked(Tokens t, int i)
    {
        for (var j = i + 1; j < Math.Min(t.Count, i + 5); j++)
        {
            if (t.Folded[j] is "nao" or "gi" or "ai")
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);

    /// <summary>The words of a question in three forms: as typed, lower case (NFC) and folded; chat spellings expanded.</summary>
    private sealed class Tokens
    {
        public List<string> Original { get; } = [];

        public List<string> Raw { get; } = [];

        public List<string> Folded { get; } = [];

        public List<bool> ClauseStart { get; } = [];

        public bool HasDiacritics { get; private set; }

        public int Count => Folded.Count;

        public string At(int i) => i >= 0 && i < Folded.Count ? Folded[i] : string.Empty;

        public static Tokens Of(string text)
        {
            var tokens = new Tokens();
            var normalized = text.Normalize(NormalizationForm.FormC);
            tokens.HasDiacritics = LanguageDetector.HasVietnameseLetters(normalized);
            var clause = true;
            var start = -1;
            for (var i = 0; i <= normalized.Length; i++)
            {
                var c = i < normalized.Length ? normalized[i] : ' ';
                if (char.IsLetterOrDigit(c) || (c == '\'' && start >= 0))
                {
                    if (start < 0)
                    {
                        start = i;
                    }

                    continue;
                }

                if (start >= 0)
                {
                    tokens.AddWord(normalized[start..i], clause);
                    clause = false;
                    start = -1;
                }

                if (c is ':' or ';' or '?' or '!' or '.' or ',' or '-' or '–' or '—' or '(' or ')')
                {
                    clause = true;
                }
            }

            return tokens;
        }

        private void AddWord(string word, bool clauseStart)
        {
            var lower = word.ToLowerInvariant().Replace("'", string.Empty, StringComparison.Ordinal);
            // "vs" stays: it marks a comparison in both languages.
            var expanded = CompareWords.Contains(lower) ? null : VietnameseChat.Expand(lower);
            if (expanded is null)
            {
                Add(word, lower, clauseStart);
                return;
            }

            // A chat spelling ("bn", "ntn") stands for one or more standard words; a particle ("ơi") for none.
            foreach (var part in expanded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                Add(part, part.ToLowerInvariant(), clauseStart);
                clauseStart = false;
            }
        }

        private void Add(string original, string lower, bool clauseStart)
        {
            Original.Add(original);
            Raw.Add(lower);
            Folded.Add(KnowledgeText.Fold(lower));
            ClauseStart.Add(clauseStart);
        }
    }
}
