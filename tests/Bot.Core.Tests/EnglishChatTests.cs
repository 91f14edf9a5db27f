using Bot.Core.Language;

namespace Bot.Core.Tests;

public class EnglishChatTests
{
    [Theory]
    [InlineData("when could ppl use sora vids", "when could people use sora videos")]
    [InlineData("is the h20 banned rn?", "is the h20 banned right now?")]
    [InlineData("what did the chinese govt say abt the h20", "what did the chinese government say about the h20")]
    [InlineData("didnt nvidia stop selling the h20", "did not nvidia stop selling the h20")]
    [InlineData("r there sora rivals u can use", "are there sora rivals you can use")]
    [InlineData("soooo when did nvidiaaa ship the h20???", "so when did nvidia ship the h20???")]
    [InlineData("wen did sora launch", "when did sora launch")]
    [InlineData("ELI5 the AI diffusion rule", "explain the AI diffusion rule")]
    [InlineData("TL;DR of china's genai rules?", "summarise of china's genai rules?")]
    [InlineData("IDK much but when did sora launch", "I do not know much but when did sora launch")]
    public void Writes_out_chat_abbreviations_and_contractions_without_apostrophe(string text, string expected) =>
        EnglishChat.Normalise(text).ShouldBe(expected);

    [Fact]
    public void Keeps_acronyms_typed_in_capitals_and_words_that_are_not_chat_forms() =>
        EnglishChat.Normalise("Did Moore Threads file with the SEC (in 2025)?").ShouldBe("Did Moore Threads file with the SEC (in 2025)?");

    [Fact]
    public void Writes_out_chat_forms_on_every_line_and_keeps_the_line_breaks() =>
        EnglishChat.Normalise("my cousin asked abt\nsora vids").ShouldBe("my cousin asked about\nsora videos");

    [Fact]
    public void The_table_loads_and_every_form_is_lower_case_and_distinct_from_its_expansion()
    {
        EnglishChat.Count.ShouldBeGreaterThan(50);
        foreach (var (form, standard) in EnglishChat.Entries())
        {
            form.ShouldBe(form.ToLowerInvariant());
            standard.ShouldNotBeNullOrWhiteSpace();
            form.ShouldNotBe(standard);
        }
    }
}
