using Bot.Core.Language;

namespace Bot.Core.Tests;

public class QuestionIntentTests
{
    [Theory]
    [InlineData("When did the chip rules start?", QuestionKind.When)]
    [InlineData("what year was the company founded", QuestionKind.When)]
    [InlineData("Which day did the app open?", QuestionKind.When)]
    [InlineData("model X release date?", QuestionKind.When)]
    [InlineData("Mô hình này ra mắt khi nào?", QuestionKind.When)]
    [InlineData("cong ty do thanh lap nam nao", QuestionKind.When)]
    [InlineData("bh thì có bản mới", QuestionKind.When)]
    [InlineData("luật có hiệu lực từ bao giờ", QuestionKind.When)]
    [InlineData("Who founded the lab?", QuestionKind.Who)]
    [InlineData("Which company makes that accelerator?", QuestionKind.Who)]
    [InlineData("Ai là người sáng lập công ty đó?", QuestionKind.Who)]
    [InlineData("mô hình đó do ai làm", QuestionKind.Who)]
    [InlineData("Hãng nào bán con chip này?", QuestionKind.Who)]
    [InlineData("Công ty AI nào lớn nhất?", QuestionKind.Who)]
    [InlineData("How many parameters does it have?", QuestionKind.HowMany)]
    [InlineData("how long can the clips be", QuestionKind.HowMany)]
    [InlineData("number of approved models", QuestionKind.HowMany)]
    [InlineData("Có bao nhiêu mô hình được duyệt?", QuestionKind.HowMany)]
    [InlineData("mn ơi có bn mô hình đc duyệt r", QuestionKind.HowMany)]
    [InlineData("video dài mấy giây", QuestionKind.HowMany)]
    [InlineData("How much does the plan cost?", QuestionKind.HowMuch)]
    [InlineData("Product AI pricing?", QuestionKind.HowMuch)]
    [InlineData("Gói này giá bao nhiêu?", QuestionKind.HowMuch)]
    [InlineData("chi phí huấn luyện là bao nhiêu tiền", QuestionKind.HowMuch)]
    [InlineData("Where is the company based?", QuestionKind.Where)]
    [InlineData("which country built it", QuestionKind.Where)]
    [InlineData("Công ty đó ở đâu?", QuestionKind.Where)]
    [InlineData("nước nào bị cấm", QuestionKind.Where)]
    [InlineData("Why did the government ban it?", QuestionKind.Why)]
    [InlineData("how come they stopped", QuestionKind.Why)]
    [InlineData("Tại sao Mỹ cấm bán chip?", QuestionKind.Why)]
    [InlineData("vi sao bi cam", QuestionKind.Why)]
    [InlineData("How does the licence process work?", QuestionKind.How)]
    [InlineData("Quy trình đăng ký diễn ra như thế nào?", QuestionKind.How)]
    [InlineData("dang ky ntn", QuestionKind.How)]
    [InlineData("What is the model called?", QuestionKind.What)]
    [InlineData("Mô hình đó là gì?", QuestionKind.What)]
    [InlineData("cái này là j", QuestionKind.What)]
    [InlineData("Is the app still available?", QuestionKind.YesNo)]
    [InlineData("ignore the hype: does it run on their own chips?", QuestionKind.YesNo)]
    [InlineData("Ứng dụng đó có miễn phí không?", QuestionKind.YesNo)]
    [InlineData("luat da co hieu luc chua", QuestionKind.YesNo)]
    [InlineData("ban do co ho tro tieng viet ko", QuestionKind.YesNo)]
    [InlineData("export rules summary", QuestionKind.Other)]
    [InlineData("tell me about the video model", QuestionKind.Other)]
    [InlineData("bạn không có giới hạn nào cả", QuestionKind.Other)]
    [InlineData("mình không biết gì hết", QuestionKind.Other)]
    public void Recognises_what_kind_of_answer_a_question_asks_for(string question, QuestionKind kind) =>
        QuestionIntent.Recognise(question).Kind.ShouldBe(kind);

    [Theory]
    [InlineData("Kling AI pricing?")]
    [InlineData("Mô hình AI nào mạnh nhất?")]
    [InlineData("chip AI của hãng đó tên gì")]
    public void The_loanword_AI_is_not_the_question_word_who(string question) =>
        QuestionIntent.Recognise(question).Kind.ShouldNotBe(QuestionKind.Who);

    [Theory]
    [InlineData("Is the app still available?")]
    [InlineData("what is the latest version")]
    [InlineData("are sales allowed right now")]
    [InlineData("who leads the market these days")]
    [InlineData("Ứng dụng đó còn hoạt động không?")]
    [InlineData("app do con dung duoc ko")]
    [InlineData("Phiên bản mới nhất là gì?")]
    [InlineData("hiện nay ai dẫn đầu")]
    [InlineData("Mỹ vẫn cấm bán chip đó à")]
    [InlineData("how many models were approved so far")]
    [InlineData("đến nay có bao nhiêu mô hình được duyệt")]
    [InlineData("vụ kiện đó gio sao rồi")]
    [InlineData("h200 china status?")]
    public void Recognises_questions_about_the_present(string question) =>
        QuestionIntent.Recognise(question).AboutPresent.ShouldBeTrue();

    [Theory]
    [InlineData("When was it first shown?")]
    [InlineData("còn công ty kia thì sao?")]
    [InlineData("Video dài bao lâu?")]
    [InlineData("gió thổi thế nào")]
    [InlineData("rồi sao nữa")]
    [InlineData("lúc ra mắt có bao nhiêu người dùng rồi")]
    public void Questions_about_a_past_event_or_a_follow_up_are_not_about_the_present(string question) =>
        QuestionIntent.Recognise(question).AboutPresent.ShouldBeFalse();

    [Theory]
    [InlineData("until when is the gallium ban suspended?", true)]
    [InlineData("till what date does the suspension run", true)]
    [InlineData("lệnh cấm gali tạm hoãn tới bao giờ", true)]
    [InlineData("đất hiếm được hoãn đến ngày nào vậy", true)]
    [InlineData("when was the gallium ban suspended?", false)]
    [InlineData("đến năm 2025 có bao nhiêu dịch vụ", false)]
    public void Recognises_a_question_about_the_end_of_a_period(string question, bool until) =>
        QuestionIntent.Recognise(question).Until.ShouldBe(until);

    [Theory]
    [InlineData("model A vs model B")]
    [InlineData("What is the difference between the two chips?")]
    [InlineData("is it faster than the other one")]
    [InlineData("So sánh hai mô hình này")]
    [InlineData("chip này khác gì chip kia")]
    [InlineData("cái nào tốt hơn")]
    public void Recognises_comparisons(string question) =>
        QuestionIntent.Recognise(question).Compare.ShouldBeTrue();

    [Theory]
    [InlineData("list the approved models")]
    [InlineData("What are the main rival video models?")]
    [InlineData("Liệt kê các mô hình được duyệt")]
    [InlineData("những công ty nào bị cấm")]
    public void Recognises_requests_for_a_list(string question) =>
        QuestionIntent.Recognise(question).List.ShouldBeTrue();

    [Fact]
    public void A_plain_question_is_neither_a_comparison_nor_a_list()
    {
        var intent = QuestionIntent.Recognise("When was the model released?");
        intent.Compare.ShouldBeFalse();
        intent.List.ShouldBeFalse();
        intent.AboutPresent.ShouldBeFalse();
    }
}

public class QuestionSearchTextTests
{
    [Theory]
    [InlineData("What is Zhipu's latest GLM model now?", "What is Zhipu's GLM model ?")]
    [InlineData("Qwen mới nhất hiện nay là bản nào?", "Qwen là bản nào?")]
    [InlineData("Cơ quan nào đóng vai trò chính trong việc đăng ký?", "Cơ quan nào chính trong việc đăng ký?")]
    [InlineData("Which company plays a role in the price war?", "Which company in the price war?")]
    [InlineData("DeepSeek-V3 có bao nhiêu tham số?", "DeepSeek-V3 có tham số?")]
    [InlineData("How many parameters does DeepSeek-V3 have?", "parameters does DeepSeek-V3 have?")]
    [InlineData("Vì sao Sora bị khai tử, ở đâu?", "Sora bị khai tử, ?")]
    public void Drops_the_words_of_the_intent_and_keeps_the_rest_as_typed(string question, string searched) =>
        QuestionIntent.SearchText(question).ShouldBe(searched);

    [Theory]
    [InlineData("When did Sora launch?")]
    [InlineData("now")]
    public void Leaves_a_question_without_such_words_or_with_nothing_else_unchanged(string question) =>
        QuestionIntent.SearchText(question).ShouldBe(question);
}

public class SecondQuestionTests
{
    [Theory]
    [InlineData("When did the House pass H.R. 8152 and who sponsored it?", "who sponsored it?")]
    [InlineData("Moore Threads lên sàn ngày nào, giá IPO bao nhiêu?", "giá IPO bao nhiêu?")]
    [InlineData("Kling ra mắt khi nào và ai làm ra nó?", "ai làm ra nó?")]
    public void Finds_the_second_of_two_questions_that_ask_for_different_things(string question, string second) =>
        QuestionIntent.SecondQuestion(question).ShouldBe(second);

    [Theory]
    [InlineData("When did Sora launch?")]
    [InlineData("Which chips did Nvidia and AMD sell in China?")]
    [InlineData("When did Kling launch, and when did Vidu launch?")]
    [InlineData("Kling, Vidu và Hailuo là gì?")]
    public void A_single_question_or_two_of_the_same_kind_has_no_second_question(string question) =>
        QuestionIntent.SecondQuestion(question).ShouldBeNull();
}
