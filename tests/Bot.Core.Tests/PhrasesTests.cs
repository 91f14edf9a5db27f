using Bot.Core.Language;

namespace Bot.Core.Tests;

public class PhrasesTests
{
    private static readonly DateOnly Day = new(2026, 11, 28);
    private static readonly DateTimeOffset Loaded = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sources_says_one_file_and_one_section_in_the_singular()
    {
        Phrases.SourcesIntro("en", 1, 1, Day, Loaded).ShouldStartWith("My knowledge has 1 file and 1 section, last updated");
        Phrases.Topic("en", "about", 1, Day).ShouldBe("- about: 1 file, updated 2026-11-28");
        Phrases.SlowDown("en", 1).ShouldContain("about 1 second and");
    }

    [Fact]
    public void Sources_says_several_files_in_the_plural()
    {
        Phrases.SourcesIntro("en", 2, 5, Day, Loaded).ShouldStartWith("My knowledge has 2 files and 5 sections");
        Phrases.Topic("en", "sora", 12, Day).ShouldBe("- sora: 12 files, updated 2026-11-28");
    }

    /// <summary>Vietnamese nouns do not change with the number.</summary>
    [Fact]
    public void Vietnamese_counts_keep_the_noun_as_it_is()
    {
        Phrases.SourcesIntro("vi", 1, 1, Day, Loaded).ShouldStartWith("Kiến thức của mình gồm 1 tệp, 1 mục");
        Phrases.Topic("vi", "about", 2, Day).ShouldBe("- about: 2 tệp, cập nhật 2026-11-28");
    }
}
