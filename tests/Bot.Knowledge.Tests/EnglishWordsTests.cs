using Bot.Knowledge.Text;

namespace Bot.Knowledge.Tests;

public class EnglishWordsTests
{
    [Theory]
    [InlineData("weather")]
    [InlineData("Passport")]
    [InlineData("headlines")]
    [InlineData("wondering")]
    [InlineData("allegedly")]
    [InlineData("license")]
    public void Knows_everyday_English_words_and_their_inflections(string word) =>
        EnglishWords.Contains(word).ShouldBeTrue();

    [Theory]
    [InlineData("suposed")]
    [InlineData("recieve")]
    [InlineData("weathr")]
    [InlineData("passports")]
    public void Knows_an_English_word_typed_one_slip_away(string word) =>
        EnglishWords.ContainsNear(word).ShouldBeTrue();

    [Theory]
    [InlineData("midjourney")]
    [InlineData("ollama")]
    [InlineData("elevenlabs")]
    public void A_product_name_is_not_near_an_English_word(string word) =>
        EnglishWords.ContainsNear(word).ShouldBeFalse();

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("ngườiiii")]
    public void Odd_input_is_no_English_word(string word) =>
        EnglishWords.ContainsNear(word).ShouldBeFalse();

    [Fact]
    public void A_name_one_slip_from_an_English_word_passes_for_that_word() =>
        EnglishWords.ContainsNear("mistral").ShouldBeTrue(); // "mistrial": typed in lower case, it could be either

    [Theory]
    [InlineData("midjourney")]
    [InlineData("mistral")]
    [InlineData("ollama")]
    [InlineData("nghieng")]
    [InlineData("")]
    public void Does_not_take_product_names_or_Vietnamese_syllables_for_English_words(string word) =>
        EnglishWords.Contains(word).ShouldBeFalse();
}
