using Bot.Core.Language;
using Bot.Knowledge.Loading;
using Bot.Testing;

namespace Bot.Core.Tests;

/// <summary>The language judge trained on the repository's own knowledge folder, as the bot trains it at load time.</summary>
public sealed class LanguageModelTests : IClassFixture<LanguageModelTests.Trained>
{
    private readonly LanguageModel _model;

    public LanguageModelTests(Trained trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        _model = trained.Model;
    }

    [Theory]
    [InlineData("Kling AI pricing?")]
    [InlineData("Sora AI video length?")]
    [InlineData("Model X AI release date")]
    [InlineData("whats the deal with the chip ban")]
    [InlineData("is deepseek open source")]
    [InlineData("nvidia vs huawei chips")]
    [InlineData("how many params does qwen have")]
    public void English_with_loanwords_and_names_is_English(string text) =>
        _model.Detect(text, "vi").ShouldBe("en");

    [Theory]
    [InlineData("Sora AI ra mắt khi nào?")]
    [InlineData("sora dc cong bo khi nao")]
    [InlineData("nvidia h20 bi cam khi nao")]
    [InlineData("deepseek vs qwen cai nao manh hon")]
    [InlineData("Kling AI giá bao nhiêu?")]
    [InlineData("chip AI cua Huawei ten la gi")]
    [InlineData("mn ơi TQ có bn mô hình AI đc duyệt r z")]
    [InlineData("ko biet app do con dung dc ko")]
    [InlineData("kimi k2 có open source ko")]
    [InlineData("deepseek có open source không")]
    public void Vietnamese_with_loanwords_or_without_diacritics_is_Vietnamese(string text) =>
        _model.Detect(text, "en").ShouldBe("vi");

    [Theory]
    [InlineData("Tencent Hunyuan AI?")]
    [InlineData("DeepSeek")]
    [InlineData("H20")]
    public void A_message_of_names_only_follows_the_fallback(string text)
    {
        _model.Detect(text, "vi").ShouldBe("vi");
        _model.Detect(text, "en").ShouldBe("en");
    }

    [Theory]
    [InlineData("H20 ban")]
    [InlineData("minimax ipo day")]
    public void One_plain_word_that_vietnamese_also_writes_does_not_make_a_message_vietnamese(string text)
    {
        _model.Score(text).ShouldBeGreaterThan(0); // the word alone leans Vietnamese ("bán", "ngày")
        _model.Detect(text, "en").ShouldBe("en");
    }

    [Theory]
    [InlineData("h20 bị cấm")]
    [InlineData("h20 ko")]
    [InlineData("h20 cam ban khi nao")]
    public void One_accented_word_or_chat_spelling_or_two_plain_vietnamese_words_are_enough(string text) =>
        _model.Detect(text, "en").ShouldBe("vi");

    public sealed class Trained
    {
        public Trained()
        {
            var snapshot = KnowledgeLoader.LoadAsync(RepositoryPaths.Knowledge).GetAwaiter().GetResult();
            Model = LanguageModel.Train(snapshot.Documents.SelectMany(d => d.Sections.Select(s => (d.Lang, s.Heading + "\n" + s.Text))));
        }

        public LanguageModel Model { get; }
    }
}
