using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Testing;

namespace Bot.Knowledge.Tests;

/// <summary>
/// Rules the repository's own knowledge folder keeps (issue #12): the v2 format everywhere, Vietnamese that reads as
/// Vietnamese, source descriptions in the file's language, and no past date written in the future tense.
/// </summary>
public sealed partial class KnowledgeContentRulesTests
{
    private static readonly Lazy<Task<KnowledgeSnapshot>> Snapshot = new(() => KnowledgeLoader.LoadAsync(RepositoryPaths.Knowledge));

    [Fact]
    public async Task Every_file_is_in_the_current_format_with_no_warnings()
    {
        var snapshot = await Snapshot.Value;

        snapshot.Documents.ShouldNotBeEmpty();
        snapshot.Warnings.Select(w => w.ToString()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_section_names_at_least_one_of_its_sources()
    {
        var snapshot = await Snapshot.Value;
        var sections = snapshot.Documents.SelectMany(d => d.Sections).ToList();

        sections.ShouldNotBeEmpty();
        sections.Where(s => s.CitesAllSources || s.Sources.Count == 0).Select(s => $"{s.Path}:{s.Line}").ShouldBeEmpty();
    }

    /// <summary>English terms the Vietnamese files once used bare; they may stand only in brackets after a Vietnamese term.</summary>
    [Theory]
    [InlineData("red teamer")]
    [InlineData("spacetime patch")]
    [InlineData("listed entities")]
    [InlineData("US persons")]
    public async Task Vietnamese_files_use_no_bare_English_term(string term)
    {
        var snapshot = await Snapshot.Value;
        var bare = new Regex(@"(?<!\([^)]*)\b" + Regex.Escape(term) + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var offenders = snapshot.Documents
            .Where(d => d.Lang == "vi")
            .SelectMany(d => d.Sections.Select(s => (s.Path, s.Line, Text: s.Heading + "\n" + s.Text)))
            .Where(s => bare.IsMatch(s.Text))
            .Select(s => $"{s.Path}:{s.Line}")
            .ToList();

        offenders.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("press release")]
    [InlineData("news report")]
    [InlineData("reported by")]
    [InlineData("cited by")]
    [InlineData("quoted by")]
    [InlineData("help center")]
    [InlineData("newsletter")]
    [InlineData("filing")]
    public async Task Vietnamese_source_titles_carry_no_English_descriptor(string descriptor)
    {
        var snapshot = await Snapshot.Value;
        var offenders = snapshot.Documents
            .Where(d => d.Lang == "vi")
            .SelectMany(d => d.Sources.Select(s => (d.Path, s.Title)))
            .Where(s => s.Title.Contains(descriptor, StringComparison.OrdinalIgnoreCase))
            .Select(s => $"{s.Path}: {s.Title}")
            .ToList();

        offenders.ShouldBeEmpty();
    }

    /// <summary>
    /// A sentence that speaks of a date in the future tense must not name a date that had already passed when its
    /// section's facts were checked (<c>as_of</c>): by then the text should say what happened, or that it is not known.
    /// </summary>
    [Fact]
    public async Task No_sentence_puts_a_date_already_past_in_the_future_tense()
    {
        var snapshot = await Snapshot.Value;
        var offenders = new List<string>();
        foreach (var section in snapshot.Documents.SelectMany(d => d.Sections))
        {
            var checkedOn = section.AsOf.Start;
            foreach (var sentence in Sentences(section.Text))
            {
                if (!FutureTense(section.Lang).IsMatch(sentence))
                {
                    continue;
                }

                var past = TenseDates.Dates(sentence).Where(d => d < checkedOn).ToList();
                if (past.Count > 0)
                {
                    offenders.Add($"{section.Path}:{section.Line}: {past[0]:yyyy-MM-dd} in \"{sentence}\"");
                }
            }
        }

        offenders.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("The ban will end on 27 November 2026.", "2026-11-27")]
    [InlineData("Lệnh này sẽ hết hạn ngày 27/11/2026.", "2026-11-27")]
    [InlineData("Removal is scheduled for 2026-09-24.", "2026-09-24")]
    [InlineData("dự kiến ra mắt tháng 9/2026", "2026-09-30")]
    [InlineData("expected in September 2026", "2026-09-30")]
    public void The_tense_check_reads_dates_in_every_format_the_knowledge_uses(string sentence, string expected)
    {
        TenseDates.Dates(sentence).ShouldContain(DateOnly.ParseExact(expected, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("en", "The ban will end on 27 November 2026.", true)]
    [InlineData("en", "The ban was due to end on 27 November 2026.", false)]
    [InlineData("en", "It is scheduled for removal.", true)]
    [InlineData("en", "DeepSeek said it expected them in the second half of 2026.", false)]
    [InlineData("vi", "Lệnh này sẽ hết hạn ngày 27/11/2026.", true)]
    [InlineData("vi", "Lệnh này đã hết hạn ngày 27/11/2026.", false)]
    public void The_tense_check_tells_future_wording_from_past_wording(string lang, string sentence, bool future)
    {
        FutureTense(lang).IsMatch(sentence).ShouldBe(future);
    }

    private static Regex FutureTense(string lang) => lang == "vi" ? VietnameseFuture() : EnglishFuture();

    private static IEnumerable<string> Sentences(string text) =>
        SentenceBreak().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0);

    [GeneratedRegex(@"\b(will|won't|is scheduled|are scheduled|is due|are due|is set to|are set to|ends on|expires on|is expected to|are expected to)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishFuture();

    [GeneratedRegex(@"(?<!\p{L})(sẽ|dự kiến|dự định|theo kế hoạch|hết hạn vào)(?!\p{L})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VietnameseFuture();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n+")]
    private static partial Regex SentenceBreak();
}

/// <summary>Dates as the knowledge writes them; a month alone stands for its last day (it had passed only after that).</summary>
internal static partial class TenseDates
{
    private static readonly string[] EnglishMonths =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public static IEnumerable<DateOnly> Dates(string sentence)
    {
        foreach (Match m in Iso().Matches(sentence))
        {
            if (TryDay(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value, out var day))
            {
                yield return day;
            }
        }

        foreach (Match m in DayMonthYearNumeric().Matches(sentence))
        {
            if (TryDay(m.Groups["y"].Value, m.Groups["m"].Value, m.Groups["d"].Value, out var day))
            {
                yield return day;
            }
        }

        foreach (Match m in DayMonthNameYear().Matches(sentence))
        {
            var month = Array.IndexOf(EnglishMonths, m.Groups["mon"].Value.ToLowerInvariant()) + 1;
            if (month > 0 && TryDay(m.Groups["y"].Value, month.ToString(CultureInfo.InvariantCulture), m.Groups["d"].Value, out var day))
            {
                yield return day;
            }
        }

        foreach (Match m in MonthNameYear().Matches(sentence))
        {
            var month = Array.IndexOf(EnglishMonths, m.Groups["mon"].Value.ToLowerInvariant()) + 1;
            if (month > 0)
            {
                yield return EndOfMonth(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), month);
            }
        }

        foreach (Match m in VietnameseMonthYear().Matches(sentence))
        {
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            if (month is >= 1 and <= 12)
            {
                yield return EndOfMonth(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), month);
            }
        }
    }

    private static DateOnly EndOfMonth(int year, int month) => new(year, month, DateTime.DaysInMonth(year, month));

    private static bool TryDay(string y, string m, string d, out DateOnly day) =>
        DateOnly.TryParseExact($"{y}-{int.Parse(m, CultureInfo.InvariantCulture):00}-{int.Parse(d, CultureInfo.InvariantCulture):00}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    [GeneratedRegex(@"\b(?<y>20\d\d)-(?<m>\d\d)-(?<d>\d\d)\b")]
    private static partial Regex Iso();

    [GeneratedRegex(@"\b(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>20\d\d)\b")]
    private static partial Regex DayMonthYearNumeric();

    [GeneratedRegex(@"\b(?<d>\d{1,2})\s+(?<mon>[A-Za-z]+)\s+(?<y>20\d\d)\b")]
    private static partial Regex DayMonthNameYear();

    [GeneratedRegex(@"(?<!\d\s)\b(?<mon>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?<y>20\d\d)\b")]
    private static partial Regex MonthNameYear();

    [GeneratedRegex(@"tháng\s+(?<m>\d{1,2})/(?<y>20\d\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex VietnameseMonthYear();
}
