using Bot.Core.Engine;

namespace Bot.Core.Tests;

public class InputTextTests
{
    [Fact]
    public void Removes_control_characters_and_collapses_spaces()
    {
        InputText.Clean("  Sora\u0000 ra\t mắt\u0007  khi nào?\u200B ").ShouldBe("Sora ra mắt khi nào?");
    }

    [Fact]
    public void Keeps_one_line_break_where_a_line_ends_because_chat_ends_sentences_with_one()
    {
        InputText.Clean("hi all \r\n\r\n  when did Sora launch\n").ShouldBe("hi all\nwhen did Sora launch");
        InputText.Clean("\n\nSora?").ShouldBe("Sora?");
    }

    [Fact]
    public void Normalises_decomposed_Vietnamese_to_composed_form()
    {
        var decomposed = "Sora ra mắt".Normalize(System.Text.NormalizationForm.FormD);
        InputText.Clean(decomposed).ShouldBe("Sora ra mắt".Normalize(System.Text.NormalizationForm.FormC));
    }

    [Fact]
    public void Drops_lone_surrogates_instead_of_throwing()
    {
        InputText.Clean("Sora \uD800 launch").ShouldBe("Sora launch");
    }

    [Theory]
    [InlineData("🤖🔥", false)]
    [InlineData("?!...", false)]
    [InlineData("", false)]
    [InlineData("Sora?", true)]
    [InlineData("H20", true)]
    public void Knows_when_a_message_has_words(string text, bool expected) => InputText.HasWords(text).ShouldBe(expected);

    [Fact]
    public void Cuts_long_text_at_a_word_boundary()
    {
        var text = string.Join(' ', Enumerable.Repeat("chip", 500));
        var cut = InputText.Cut(text, 1000);
        cut.Length.ShouldBeLessThanOrEqualTo(1000);
        cut.ShouldEndWith("chip");
    }

    [Fact]
    public void Never_cuts_inside_a_surrogate_pair()
    {
        var text = new string('a', 9) + "😀" + new string('b', 50);
        var cut = InputText.Cut(text, 10);
        cut.ShouldBe(new string('a', 9));
    }
}
