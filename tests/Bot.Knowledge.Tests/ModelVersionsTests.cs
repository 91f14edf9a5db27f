using Bot.Knowledge.Text;

namespace Bot.Knowledge.Tests;

public class ModelVersionsTests
{
    [Theory]
    [InlineData("When did Baidu release Ernie 4.5?", "ernie", "4.5")]
    [InlineData("kling 2.0 ra mắt khi nào", "kling", "2.0")]
    [InlineData("Is GPT-5 out?", "gpt", "5")]
    [InlineData("minimax m1 parameters", "m", "1")]
    [InlineData("Nvidia H200 sales", "h", "200")]
    [InlineData("DeepSeek-V3.2 price", "v", "3.2")]
    [InlineData("What is Qwen3?", "qwen", "3")]
    [InlineData("Hailuo 02 ra mắt", "hailuo", "2")]
    [InlineData("Llama 0.5 preview", "llama", "0.5")]
    [InlineData("How far behind GPT-4 were they?", "gpt", "4")]
    [InlineData("What is new in Qwen 3.5?", "qwen", "3.5")]
    [InlineData("Was the RTX 4090 banned?", "rtx", "4090")]
    public void Reads_a_name_and_its_version_as_typed_in_chat(string text, string family, string version) =>
        ModelVersions.In(text, namesOnly: false).ShouldContain(new ModelVersion(family, version));

    [Theory]
    [InlineData("Sora 2024 was a big year")]
    [InlineData("Kuaishou revenue in Q3 2025")]
    [InlineData("Nvidia results for H1 2026")]
    [InlineData("GPT-4o and the 10th model")]
    [InlineData("Sora là gì")]
    public void A_year_a_part_of_a_year_or_a_number_glued_to_letters_is_not_a_version(string text) =>
        ModelVersions.In(text, namesOnly: false).ShouldBeEmpty();

    [Fact]
    public void In_the_knowledges_own_text_only_a_capitalised_name_takes_the_number_after_it()
    {
        ModelVersions.In("Quy định tháng 10/2023 bổ sung gì?", namesOnly: true).ShouldBeEmpty();
        ModelVersions.In("Kling 2.0 ra mắt khi nào?", namesOnly: true).ShouldBe([new ModelVersion("kling", "2.0")]);
        ModelVersions.In("tháng 10 có gì", namesOnly: false).ShouldBe([new ModelVersion("thang", "10")]);
    }

    [Fact]
    public void A_heading_about_another_version_of_the_family_asked_about_is_another_product()
    {
        var asked = ModelVersions.In("When did Baidu release Ernie 4.5 and X1?", namesOnly: false);

        ModelVersions.OtherVersion(asked, ModelVersions.In("When did Baidu release Ernie 5.0?", namesOnly: true)).ShouldBeTrue();
        ModelVersions.OtherVersion(asked, ModelVersions.In("What are Ernie 4.5 and Ernie X1?", namesOnly: true)).ShouldBeFalse();
        ModelVersions.SameVersion(asked, ModelVersions.In("What are Ernie 4.5 and Ernie X1?", namesOnly: true)).ShouldBeTrue();
        ModelVersions.OtherVersion(asked, ModelVersions.In("When did Baidu launch Ernie Bot?", namesOnly: true)).ShouldBeFalse();
    }

    [Fact]
    public void H20_and_H200_are_different_products_of_one_family()
    {
        var asked = ModelVersions.In("nvidia h20 bị cấm khi nào", namesOnly: false);

        ModelVersions.OtherVersion(asked, ModelVersions.In("Are H200 sales to China allowed?", namesOnly: true)).ShouldBeTrue();
        ModelVersions.OtherVersion(asked, ModelVersions.In("When was the H20 banned?", namesOnly: true)).ShouldBeFalse();
    }

    [Fact]
    public void A_heading_about_another_chip_code_is_another_product_but_a_month_meets_only_its_own_family()
    {
        var chip = ModelVersions.In("Nvidia A800 ra mắt", namesOnly: false);
        var month = ModelVersions.In("tháng 10 Mỹ cấm chip gì", namesOnly: false);
        var h20 = ModelVersions.In("Nvidia H20 ra mắt khi nào?", namesOnly: true);

        ModelVersions.OtherVersion(chip, h20).ShouldBeTrue();
        ModelVersions.OtherVersion(month, h20).ShouldBeFalse();
        ModelVersions.OtherVersion(chip, ModelVersions.In("Nvidia A800 là chip gì?", namesOnly: true)).ShouldBeFalse();
    }

    [Fact]
    public void Odd_input_gives_no_versions()
    {
        ModelVersions.In(string.Empty, namesOnly: false).ShouldBeEmpty();
        ModelVersions.In("- 1.2.3 ... 99999999 --- ?!", namesOnly: false).ShouldBeEmpty();
        ModelVersions.In(new string('9', 5000), namesOnly: false).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("MI300X", 2)]
    [InlineData("S24", 1)]
    [InlineData("B30A", 1)]
    [InlineData("RTX5090", 3)]
    [InlineData("FY2025", 0)]
    [InlineData("4o", 0)]
    [InlineData("Sora", 0)]
    [InlineData("H20x2", 0)]
    public void A_product_code_opens_with_its_family_letters(string word, int letters) =>
        ModelVersions.CodeLetters(word).ShouldBe(letters);

    [Theory]
    [InlineData("2.3", "2.1", 1)]
    [InlineData("10", "9", 1)]
    [InlineData("5", "5.0", 0)]
    [InlineData("4.5", "5", -1)]
    public void Versions_compare_part_by_part(string a, string b, int sign) =>
        Math.Sign(ModelVersions.Compare(a, b)).ShouldBe(sign);
}
