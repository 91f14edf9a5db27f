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
    [InlineData("midjourney")]
    [InlineData("mistral")]
    [InlineData("ollama")]
    [InlineData("nghieng")]
    [InlineData("")]
    public void Does_not_take_product_names_or_Vietnamese_syllables_for_English_words(string word) =>
        EnglishWords.Contains(word).ShouldBeFalse();
}
