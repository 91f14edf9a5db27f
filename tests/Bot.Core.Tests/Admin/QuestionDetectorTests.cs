using Bot.Core.Engine;

namespace Bot.Core.Tests.Admin;

public class QuestionDetectorTests
{
    [Theory]
    [InlineData("When was Sora unveiled")]
    [InlineData("what about DeepSeek")]
    [InlineData("Is H20 banned")]
    [InlineData("Does Huawei sell Ascend chips")]
    [InlineData("Can China buy H100")]
    [InlineData("Sora ra mắt hôm nào?")]
    [InlineData("Khi nào Sora ra mắt")]
    [InlineData("khi nao sora ra mat")]
    [InlineData("Bao nhiêu công ty làm video AI")]
    [InlineData("Tại sao Mỹ cấm chip H20")]
    [InlineData("vi sao my cam chip")]
    [InlineData("Thế nào là mô hình mở")]
    [InlineData("Có phải DeepSeek là của Trung Quốc")]
    [InlineData("DeepSeek R1 là gì")]
    [InlineData("Sora ra mắt khi nào")]
    public void Recognises_questions_in_both_languages(string text) =>
        QuestionDetector.LooksLikeQuestion(text).ShouldBeTrue(text);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Good morning everyone")]
    [InlineData("I watched the Sora demo yesterday")]
    [InlineData("Chào cả nhà")]
    [InlineData("Hôm nay trời đẹp quá")]
    [InlineData("thanks, that helped")]
    public void Leaves_ordinary_chat_alone(string text) =>
        QuestionDetector.LooksLikeQuestion(text).ShouldBeFalse(text);
}
