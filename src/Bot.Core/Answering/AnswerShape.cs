using System.Text.RegularExpressions;
using Bot.Core.Language;

namespace Bot.Core.Answering;

/// <summary>
/// Whether a sentence has the shape of the answer a question asks for: a date for "when", a number for "how many", an
/// amount of money for "how much", a yes or a no for a yes/no question, a cause for "why". Read from the grammar and
/// the writing conventions of English and Vietnamese (month names, <c>tháng 9/2025</c>, currencies, "because" /
/// "vì"), not from any list of questions.
/// </summary>
public static partial class AnswerShape
{
    /// <summary>How much more a matching sentence of the right shape scores than one of another shape.</summary>
    public const double Bonus = 0.5;

    /// <summary>True when <paramref name="sentence"/> has the shape of an answer to a question of <paramref name="kind"/>.</summary>
    public static bool Fits(QuestionKind kind, string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return kind switch
        {
            QuestionKind.When => DateLike().IsMatch(sentence),
            QuestionKind.HowMany => CountLike().IsMatch(sentence),
            QuestionKind.HowMuch => MoneyLike().IsMatch(sentence),
            QuestionKind.YesNo => YesOrNo().IsMatch(sentence),
            QuestionKind.Why => Cause().IsMatch(sentence),
            _ => false,
        };
    }

    /// <summary>
    /// The latest date a sentence mentions, as <c>yyyy</c>, <c>yyyy-mm</c> or <c>yyyy-mm-dd</c>: numeric dates as the knowledge analysis reads them (<c>2025-11-09</c>,
    /// <c>9/11/2025</c>, <c>11/2025</c>), English "November 2025", and bare years. Empty when it mentions none. With
    /// <paramref name="notAfter"/> (the day the facts were checked, <c>as_of</c>), later dates are left out: they are
    /// plans and deadlines, not what has happened.
    /// </summary>
    public static string LatestDate(string sentence, string? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var latest = string.Empty;
        var limit = notAfter is null ? null : SortKey(notAfter);
        foreach (var term in Bot.Knowledge.Text.KnowledgeText.Terms(sentence))
        {
            var date = term.Length is 7 or 10 && term[4] == '-' && char.IsAsciiDigit(term[0]) ? term
                : term.Length == 4 && term[0] is '1' or '2' && term.All(char.IsAsciiDigit) ? term
                : null;
            latest = Later(latest, Known(date));
        }

        foreach (Match match in MonthYear().Matches(sentence))
        {
            var month = Array.IndexOf(MonthNames, match.Groups["month"].Value[..3]) + 1;
            latest = Later(latest, Known($"{match.Groups["year"].Value}-{month:00}"));
        }

        return latest;

        // A date after the day the facts were checked is a plan or a deadline ("planned for Q4 2027"), not a fact.
        string? Known(string? date) => date is null || limit is null || string.CompareOrdinal(SortKey(date), limit) <= 0 ? date : null;
    }

    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    // The later of two dates; a bare year counts as its start ("2026" before "2026-03"), so the more precise wins a tie.
    private static string Later(string current, string? candidate) =>
        candidate is not null && string.CompareOrdinal(SortKey(candidate), SortKey(current)) > 0 ? candidate : current;

    /// <summary>A date of <see cref="LatestDate"/> as a key whose ordinal order is date order.</summary>
    public static string SortKey(string date) => date.Length == 0 ? string.Empty : date.Length == 4 ? date + "-00-00" : date.Length == 7 ? date + "-00" : date;

    [GeneratedRegex(@"\b(?<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?<year>(19|20)\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthYear();

    // A year, a numeric date (2024-02-15, 15/2/2024, 2/2024), a month name, a Vietnamese "tháng 9" / "quý I", a quarter.
    [GeneratedRegex(
        @"\b(19|20)\d{2}\b|\b\d{1,2}/\d{1,2}(/\d{2,4})?\b|\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b|\b(tháng|quý|ngày)\s+(\d|[IVX]+\b)|\bQ[1-4]\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex DateLike();

    // A number that is not just a year: digits with a unit, a separator or a word after them, or a spelled count.
    [GeneratedRegex(
        @"\b\d+([.,]\d+)*\s*(%|[a-zA-Zµ]|\p{L})|\b\d{1,3}([.,]\d{3})+\b|\b\d+[.,]\d+\b|\b(?!(19|20)\d{2}\b)\d+\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex CountLike();

    // An amount of money: a currency sign or name next to a number, or a price per unit.
    [GeneratedRegex(
        @"[$€£¥]\s?\d|\d\s?[$€£¥]|\b\d[\d.,]*\s*(USD|US\$|dollars?|yuan|RMB|CNY|nhân dân tệ|tệ|đô|đồng|VND|cents?)\b|\b(USD|RMB|CNY)\s?\d|\bper (month|year|second|minute|million|token)|/(tháng|năm|giây|phút)\b|\bmỗi (tháng|năm|giây|phút)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MoneyLike();

    // A sentence that opens with a yes or a no, or says that neither could be established.
    [GeneratedRegex(
        @"^\s*(Yes|No|Not|Apparently|Reportedly|Partly|It could not be confirmed|Reports differ|Có|Không|Chưa|Đúng|Sai|Vẫn|Rồi|Được một phần|Các nguồn chưa thống nhất|Theo các nguồn tin)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex YesOrNo();

    // A cause or a purpose.
    [GeneratedRegex(
        @"\b(because|since|due to|owing to|as a result|in order to|so that|reason|reasons|thanks to|led to|leads to|caused|linked|attributed|blamed|driven by|vì|bởi|do|nhờ|nên|lý do|nguyên nhân|để|khiến|dẫn đến|bắt nguồn)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Cause();
}
