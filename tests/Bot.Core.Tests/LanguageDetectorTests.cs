using Bot.Core.Language;

namespace Bot.Core.Tests;

public class LanguageDetectorTests
{
    [Theory]
    [InlineData("Sora ra mắt khi nào?")]
    [InlineData("Mỹ cấm xuất khẩu chip nào sang Trung Quốc?")]
    [InlineData("DeepSeek là gì")]
    [InlineData("đã có bao nhiêu mô hình được cấp phép")]
    public void Detects_Vietnamese_with_diacritics(string text) => LanguageDetector.Detect(text).ShouldBe("vi");

    [Theory]
    [InlineData("sora ra mat khi nao")]
    [InlineData("my cam xuat khau chip h20 khi nao")]
    [InlineData("deepseek la cong ty nao")]
    [InlineData("trung quoc co bao nhieu mo hinh ngon ngu lon")]
    [InlineData("e cho hoi Boximator la gi vay")]
    public void Detects_Vietnamese_typed_without_diacritics(string text) => LanguageDetector.Detect(text).ShouldBe("vi");

    [Theory]
    [InlineData("When was Sora released?")]
    [InlineData("what did the US ban in October 2022")]
    [InlineData("How many Chinese LLMs are there?")]
    [InlineData("is DeepSeek open source")]
    [InlineData("tell me about Kling")]
    public void Detects_English(string text) => LanguageDetector.Detect(text).ShouldBe("en");

    [Theory]
    [InlineData("Baidu (Bách Độ) opened its chatbot Ernie Bot (Wenxin Yiyan, in Vietnamese \"Văn Tâm Nhất Ngôn\") for invited testing on 16 March 2023.", "en")]
    [InlineData("Kling do Kuaishou (快手, \"Khoái Thủ\") phát triển, ra mắt tháng 6/2024.", "vi")]
    [InlineData("Tập đoàn \"The Walt Disney Company\" (Disney) kiện MiniMax.", "vi")]
    public void Glosses_in_brackets_and_quotes_do_not_decide_the_language(string text, string expected) =>
        LanguageDetector.Detect(text).ShouldBe(expected);

    [Theory]
    [InlineData("When did Sora launch (in Vietnam?", "en")]
    [InlineData("Sora ra mắt khi nào) nhỉ", "vi")]
    [InlineData("Kling \"Khoái Thủ ra mắt khi nào vậy", "vi")]
    public void Unbalanced_brackets_and_quotes_never_hide_the_whole_text(string text, string expected) =>
        LanguageDetector.Detect(text).ShouldBe(expected);

    [Fact]
    public void A_text_that_is_all_quote_is_judged_by_the_quote() =>
        LanguageDetector.Detect("\"Sora ra mắt khi nào vậy?\"").ShouldBe("vi");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("🤖🤖🤖")]
    [InlineData("???")]
    public void Falls_back_when_there_is_nothing_to_judge(string text)
    {
        LanguageDetector.Detect(text, "vi").ShouldBe("vi");
        LanguageDetector.Detect(text, "en").ShouldBe("en");
    }

    [Theory]
    [InlineData("vi", "vi")]
    [InlineData("vi-VN", "vi")]
    [InlineData("en-US", "en")]
    [InlineData("fr", null)]
    [InlineData("not a locale !", null)]
    [InlineData(null, null)]
    public void Reads_the_language_of_a_platform_locale(string? locale, string? expected) =>
        LanguageDetector.FromLocale(locale).ShouldBe(expected);
}
