using Bot.Core.Language;

namespace Bot.Core.Tests;

public class VietnameseChatTests
{
    [Theory]
    [InlineData("sora dc cong bo khi nao", "sora được cong bo khi nao")]
    [InlineData("nvidia h20 bị cấm khi nào v ae", "nvidia h20 bị cấm khi nào")]
    [InlineData("mn ơi TQ có bn mô hình AI đc duyệt r z", "Trung Quốc có bao nhiêu mô hình AI được duyệt rồi")]
    [InlineData("app đó còn dùng đc ko?", "app đó còn dùng được không?")]
    [InlineData("cái này là j vậy ạ", "cái này là gì")]
    [InlineData("ủa vậy DeepSeek có xài chip A100 không nè", "DeepSeek có dùng chip A100 không")]
    [InlineData("dang ky ntn", "dang ky như thế nào")]
    [InlineData("TQ co bn dv AI", "Trung Quốc co bao nhiêu dịch vụ AI")]
    [InlineData("zhipu bi My cho vao entity list", "zhipu bi My cho vao entity list")]
    public void Expands_chat_spelling_and_drops_particles(string text, string expected) =>
        VietnameseChat.Normalise(text).ShouldBe(expected);

    [Theory]
    [InlineData("ae o vn xai seedance dc chua", "o việt nam dùng seedance được chua")]
    [InlineData("ở VN dùng được chưa", "ở Việt Nam dùng được chưa")]
    [InlineData("tq cấm chip đó à", "trung quốc cấm chip đó")]
    public void An_expanded_name_keeps_the_case_it_was_typed_in(string text, string expected) =>
        VietnameseChat.Normalise(text).ShouldBe(expected);

    [Theory]
    [InlineData("bn ơi cho hỏi", "bạn cho hỏi")]
    [InlineData("bn có biết không", "bạn có biết không")]
    [InlineData("giá bn", "giá bao nhiêu")]
    [InlineData("bn cho mình hỏi sora ra mắt khi nào", "bạn cho mình hỏi sora ra mắt khi nào")]
    [InlineData("bn dv AI đc duyệt ở TQ rồi", "bao nhiêu dịch vụ AI được duyệt ở Trung Quốc rồi")]
    public void Bn_addresses_someone_before_oi_or_a_question_of_its_own_and_asks_how_many_elsewhere(string text, string expected) =>
        VietnameseChat.Normalise(text).ShouldBe(expected);

    [Fact]
    public void Keeps_words_that_are_not_chat_forms_and_their_punctuation() =>
        VietnameseChat.Normalise("DeepSeek V3 (2024) có 671 tỷ tham số?").ShouldBe("DeepSeek V3 (2024) có 671 tỷ tham số?");

    [Fact]
    public void Reads_a_word_stretched_for_emphasis_as_the_word()
    {
        VietnameseChat.Normalise("sora ra mắt khi nào vậyyy??").ShouldBe("sora ra mắt khi nào ??");
        VietnameseChat.Normalise("sora ra mắt khi nào vậyyy??").ShouldBe(VietnameseChat.Normalise("sora ra mắt khi nào vậy??"));
    }

    [Fact]
    public void Expands_chat_forms_on_every_line_and_keeps_the_line_breaks() =>
        VietnameseChat.Normalise("cho mình hỏi sora dc\ncông bố khi nào z").ShouldBe("cho mình hỏi sora được\ncông bố khi nào");

    [Theory]
    [InlineData("sora đc cong bo khi nao", 1)]
    [InlineData("sora dc cong bo khi nao", 0)]
    [InlineData("ko biet ntn", 2)]
    [InlineData("Sora vs Kling", 0)]
    [InlineData("is it ok k", 0)]
    public void Counts_only_forms_no_other_language_uses_as_evidence_of_Vietnamese(string text, int expected) =>
        VietnameseChat.VietnameseOnlyForms(text).ShouldBe(expected);

    [Fact]
    public void The_table_loads_and_every_form_is_lower_case_and_distinct_from_its_expansion()
    {
        VietnameseChat.Count.ShouldBeGreaterThan(50);
        foreach (var (form, standard) in VietnameseChat.Entries())
        {
            form.ShouldBe(form.ToLowerInvariant());
            form.ShouldNotBe(standard);
        }
    }
}
