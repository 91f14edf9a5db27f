using Bot.Core.Answering;
using Bot.Core.Language;

namespace Bot.Core.Tests;

public class AnswerShapeTests
{
    [Theory]
    [InlineData(QuestionKind.When, "OpenAI unveiled Sora on 15 February 2024.")]
    [InlineData(QuestionKind.When, "Kling 2.6 ra mắt tháng 12/2025.")]
    [InlineData(QuestionKind.When, "Huawei ships the Ascend 950PR in quý I/2026.")]
    [InlineData(QuestionKind.HowMany, "DeepSeek-V3 has 671 billion parameters.")]
    [InlineData(QuestionKind.HowMany, "Kimi K2 có 1 nghìn tỷ tham số.")]
    [InlineData(QuestionKind.HowMuch, "Zhipu listed at HK$116.2 per share.")]
    [InlineData(QuestionKind.HowMuch, "Gói Pro giá 200 USD mỗi tháng.")]
    [InlineData(QuestionKind.YesNo, "No, only filed services must register.")]
    [InlineData(QuestionKind.YesNo, "Chưa, các nguồn chưa xác nhận việc giao hàng.")]
    [InlineData(QuestionKind.YesNo, "It could not be confirmed.")]
    [InlineData(QuestionKind.YesNo, "Apparently not.")]
    [InlineData(QuestionKind.YesNo, "Được một phần.")]
    [InlineData(QuestionKind.Why, "OpenAI closed Sora because of its compute cost.")]
    [InlineData(QuestionKind.Why, "Sora bị đóng vì chi phí tính toán quá cao.")]
    [InlineData(QuestionKind.Why, "Reports linked the decline to competition from Gemini.")]
    [InlineData(QuestionKind.Why, "Giá chip tăng khiến nhiều hãng chuyển sang Ascend.")]
    public void Recognises_a_sentence_shaped_like_the_answer_asked_for(QuestionKind kind, string sentence) =>
        AnswerShape.Fits(kind, sentence).ShouldBeTrue();

    [Theory]
    [InlineData(QuestionKind.When, "Sora is a video model made by OpenAI.")]
    [InlineData(QuestionKind.HowMany, "DeepSeek released its model in 2024.")]
    [InlineData(QuestionKind.HowMuch, "DeepSeek-V3 has 671 billion parameters.")]
    [InlineData(QuestionKind.YesNo, "Only filed services must register.")]
    [InlineData(QuestionKind.Other, "OpenAI unveiled Sora on 15 February 2024.")]
    [InlineData(QuestionKind.Why, "Downloads fell fast after the launch.")]
    public void Does_not_take_a_sentence_of_another_shape_for_the_answer(QuestionKind kind, string sentence) =>
        AnswerShape.Fits(kind, sentence).ShouldBeFalse();
}

public class LatestDateTests
{
    [Theory]
    [InlineData("China suspended the ban on 9 November 2025 (2025-11-09).", "2025-11-09")]
    [InlineData("Whether it was extended beyond November 2026 could not be confirmed.", "2026-11")]
    [InlineData("Ngày 23/5/2026, DeepSeek đổi giá; từ 2024 đến nay.", "2026-05-23")]
    [InlineData("Sora launched in 2024 and closed in 2026.", "2026")]
    [InlineData("Sora is a video model.", "")]
    public void Finds_the_latest_date_a_sentence_mentions(string sentence, string expected) =>
        AnswerShape.LatestDate(sentence).ShouldBe(expected);

    [Theory]
    [InlineData("The Ascend 950PR shipped in Q1 2026; the Ascend 960 is planned for Q4 2027.", "2026")]
    [InlineData("Huawei showed it in November 2026 and plans more for 2028.", "2026-11")]
    public void Dates_after_the_day_the_facts_were_checked_are_plans_not_facts(string sentence, string expected) =>
        AnswerShape.LatestDate(sentence, "2026-12-02").ShouldBe(expected);
}
