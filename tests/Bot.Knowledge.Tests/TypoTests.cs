using Bot.Knowledge.Search;
using Bot.Knowledge.Text;

namespace Bot.Knowledge.Tests;

public class TypoTests
{
    [Theory]
    [InlineData("parameter", "paramter", 1)]
    [InlineData("parameter", "parmaeter", 1)]
    [InlineData("released", "relaesed", 1)]
    [InlineData("export", "exprot", 1)]
    [InlineData("kuaishou", "kuaisho", 1)]
    [InlineData("chips", "chips", 0)]
    [InlineData("restriction", "restrcitoin", 2)]
    public void Measures_insertions_deletions_substitutions_and_swaps(string a, string b, int distance) =>
        EditDistance.Osa(a, b, 2).ShouldBe(distance);

    [Fact]
    public void Stops_early_beyond_the_maximum() => EditDistance.Osa("sora", "kling", 1).ShouldBe(2);

    [Fact]
    public void A_misspelt_long_word_still_finds_its_section_but_counts_less_than_the_word()
    {
        var exact = TestCorpus.Index.Search(new SearchQuery("Kuaishou video model", "en"));
        var typo = TestCorpus.Index.Search(new SearchQuery("Kuaishuo video model", "en"));

        typo.ShouldNotBeEmpty();
        typo[0].Section.Key.ShouldBe(exact[0].Section.Key);
        typo[0].Coverage.ShouldBeLessThan(exact[0].Coverage);
    }

    [Fact]
    public void Words_shorter_than_five_letters_are_never_matched_as_typos()
    {
        TestCorpus.Index.Search(new SearchQuery("zzz", "en")).ShouldBeEmpty();
        TestCorpus.Index.Search(new SearchQuery("sor", "en")).ShouldBeEmpty();
    }
}
