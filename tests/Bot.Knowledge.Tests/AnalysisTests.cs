using System.Text;
using Bot.Knowledge.Text;

namespace Bot.Knowledge.Tests;

public class AnalysisTests
{
    [Theory]
    [InlineData("Xuất Khẩu", "xuat khau")]
    [InlineData("ĐÀI LOAN đã", "dai loan da")]
    [InlineData("Nvidia H100", "nvidia h100")]
    [InlineData("Trung Quốc", "trung quoc")]
    public void Folds_case_and_vietnamese_diacritics(string text, string folded)
    {
        KnowledgeText.Fold(text).ShouldBe(folded);
    }

    [Fact]
    public void Folds_composed_and_decomposed_input_alike()
    {
        const string text = "Kiểm soát xuất khẩu chip của Mỹ";

        KnowledgeText.Fold(text.Normalize(NormalizationForm.FormD)).ShouldBe(KnowledgeText.Fold(text.Normalize(NormalizationForm.FormC)));
        KnowledgeText.Terms(text.Normalize(NormalizationForm.FormD)).ShouldBe(KnowledgeText.Terms(text));
    }

    [Fact]
    public void A_question_without_accents_gives_the_terms_of_accented_text()
    {
        KnowledgeText.Terms("xuat khau chip").ShouldBe(KnowledgeText.Terms("xuất khẩu chip"));
    }

    [Fact]
    public void Adds_syllable_bigrams_of_adjacent_words()
    {
        var terms = KnowledgeText.Terms("Kiểm soát xuất khẩu");

        terms.ShouldBe(["kiem", "soat", "kiem_soat", "xuat", "soat_xuat", "khau", "xuat_khau"]);
    }

    [Fact]
    public void Bigrams_do_not_cross_punctuation()
    {
        KnowledgeText.Terms("Sora. Video").ShouldNotContain("sora_video");
        KnowledgeText.Terms("Sora - Video").ShouldNotContain("sora_video");
    }

    [Theory]
    [InlineData("Hunyuan-Large", "hunyuan_larg")]
    [InlineData("DeepSeek-V3", "deepseek_v3")]
    [InlineData("MiniMax-M1", "minimax_m1")]
    public void The_parts_of_a_hyphenated_name_make_a_pair_as_if_typed_with_a_space(string name, string pair)
    {
        KnowledgeText.Terms(name).ShouldContain(pair);
        KnowledgeText.Terms(name).ShouldBe(KnowledgeText.Terms(name.Replace('-', ' ')));
    }

    [Fact]
    public void Leaves_out_stop_words_of_both_languages()
    {
        KnowledgeText.ContentTerms("Sora ra mắt khi nào?").ShouldBe(["sora", "ra", "mat"]);
        KnowledgeText.ContentTerms("When was the Sora model released?").ShouldBe(["sora", "model", "releas"]);
        KnowledgeText.IsStopWord("khi").ShouldBeTrue();
        KnowledgeText.IsStopWord("ai").ShouldBeFalse();
    }

    [Fact]
    public void Keeps_an_acronym_that_folds_to_a_stop_word_but_not_in_a_message_typed_in_capitals()
    {
        KnowledgeText.ContentTerms("CAC là gì").ShouldBe(["cac"]);
        KnowledgeText.ContentTerms("các quy định của CAC").ShouldBe(["quy", "dinh", "cac"]);
        KnowledgeText.ContentTerms("US rules on chips").ShouldBe(["us", "rule", "chip"]);
        KnowledgeText.ContentTerms("tell us about chips").ShouldBe(["chip"]);
        KnowledgeText.ContentTerms("WHEN DID THE US BAN THE H20").ShouldBe(["ban", "h20"]);
    }

    [Theory]
    [InlineData("2024-02-15")]
    [InlineData("15/2/2024")]
    [InlineData("15/02/2024")]
    [InlineData("2024/2/15")]
    [InlineData("15.02.2024")]
    public void Dates_in_any_common_form_share_a_normalised_date_term_and_their_parts(string date)
    {
        var terms = KnowledgeText.Terms($"Sora ra mắt ngày {date}");

        terms.ShouldContain("2024-02-15");
        terms.ShouldContain("2024-02");
        terms.ShouldContain("2024");
        terms.ShouldContain("2");
        terms.ShouldContain("15");
    }

    [Fact]
    public void Month_and_year_give_a_month_term()
    {
        KnowledgeText.Terms("tháng 2/2024").ShouldContain("2024-02");
        KnowledgeText.Terms("in 2024-02").ShouldContain("2024-02");
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("1.82.0")]
    [InlineData("13/13/2024")]
    public void Things_that_are_not_dates_give_no_date_term(string text)
    {
        KnowledgeText.Terms(text).ShouldAllBe(t => !t.Contains('-', StringComparison.Ordinal));
    }

    [Fact]
    public void Numbers_are_kept_without_leading_zeros()
    {
        KnowledgeText.ContentTerms("H100 and 007 and 0").ShouldBe(["h100", "7", "0"]);
    }

    [Theory]
    [InlineData("chips", "chip")]
    [InlineData("GPUs", "gpu")]
    [InlineData("companies", "company")]
    [InlineData("OpenAI's", "openai")]
    [InlineData("launched", "launch")]
    [InlineData("launching", "launch")]
    [InlineData("restricted", "restrict")]
    [InlineData("banned", "ban")]
    [InlineData("matches", "match")]
    public void English_inflections_meet_their_base_word(string inflected, string baseWord)
    {
        KnowledgeText.ContentTerms(inflected).ShouldBe(KnowledgeText.ContentTerms(baseWord));
    }

    [Theory]
    [InlineData("Ernie 4.5", "4.5")]
    [InlineData("Wan 2.1 ra mắt", "2.1")]
    [InlineData("about 13.6 GB", "13.6")]
    public void A_version_or_decimal_gives_a_term_of_its_own_besides_its_parts(string text, string version)
    {
        var terms = KnowledgeText.ContentTerms(text);

        terms.ShouldContain(version);
        terms.ShouldContain(version[..version.IndexOf('.', StringComparison.Ordinal)]);
    }

    [Fact]
    public void Versions_that_share_a_digit_stay_apart()
    {
        KnowledgeText.ContentTerms("Ernie 5.0").ShouldNotContain("4.5");
        KnowledgeText.ContentTerms("Ernie 4.5").ShouldNotContain("5.0");
    }

    [Theory]
    [InlineData("Kimi K2.5", "k2.5", "k2")]
    [InlineData("DeepSeek-V3.2", "v3.2", "v3")]
    [InlineData("Qwen2.5-Max", "qwen2.5", "qwen2")]
    public void A_code_with_a_decimal_version_gives_a_term_of_its_own_besides_its_parts(string text, string version, string code)
    {
        var terms = KnowledgeText.ContentTerms(text);

        terms.ShouldContain(version);
        terms.ShouldContain(code);
        KnowledgeText.ContentTerms("Kimi K2").ShouldNotContain("k2.5");
    }

    [Theory]
    [InlineData("Who runs 01.AI?", "01.ai")]
    [InlineData("Zhipu (Z.ai)", "z.ai")]
    [InlineData("Character.AI lawsuit", "character.ai")]
    public void A_dotted_name_is_a_term_of_its_own_besides_its_parts(string text, string name)
    {
        var terms = KnowledgeText.ContentTerms(text);

        terms.ShouldContain(name);
        terms.ShouldContain("ai");
    }

    [Theory]
    [InlineData("the U.S. and the E.U.")]
    [InlineData("e.g. H.R. 8152")]
    [InlineData("It ended. Then it began.")]
    public void Initials_and_sentence_ends_make_no_dotted_name(string text) =>
        KnowledgeText.ContentTerms(text).ShouldAllBe(t => !t.Contains('.', StringComparison.Ordinal));

    [Theory]
    [InlineData("15.02.2024")]
    [InlineData("1.82.0")]
    [InlineData("v2.5b")]
    public void Dates_three_part_versions_and_versions_glued_to_letters_give_no_version_term(string text)
    {
        KnowledgeText.ContentTerms(text).ShouldAllBe(t => !t.Contains('.', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dec 2024", "December 2024")]
    [InlineData("Sept", "September")]
    [InlineData("jan", "January")]
    public void Month_abbreviations_meet_the_month_name(string abbreviated, string full)
    {
        KnowledgeText.ContentTerms(abbreviated).ShouldBe(KnowledgeText.ContentTerms(full));
    }

    [Theory]
    [InlineData("licence", "license")]
    [InlineData("licences", "licenses")]
    [InlineData("centre", "center")]
    [InlineData("labour", "labor")]
    [InlineData("programme", "program")]
    public void British_and_american_spellings_share_a_term(string british, string american)
    {
        KnowledgeText.ContentTerms(british).ShouldBe(KnowledgeText.ContentTerms(american));
    }

    [Theory]
    [InlineData("video length", "two minutes long")]
    [InlineData("lengths", "long")]
    [InlineData("width", "wide")]
    public void A_noun_of_dimension_shares_a_term_with_its_adjective(string noun, string adjective) =>
        KnowledgeText.ContentTerms(noun).Last().ShouldBe(KnowledgeText.ContentTerms(adjective).Last());

    [Theory]
    [InlineData("release", "released")]
    [InlineData("release", "releases")]
    [InlineData("model", "models")]
    [InlineData("control", "controls")]
    public void English_forms_of_one_word_share_a_term(string a, string b)
    {
        KnowledgeText.ContentTerms(a).ShouldBe(KnowledgeText.ContentTerms(b));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("analysis")]
    [InlineData("bring")]
    [InlineData("need")]
    [InlineData("khoang")]
    [InlineData("nghieng")]
    public void Leaves_words_alone_when_stemming_is_not_safe(string word)
    {
        KnowledgeText.ContentTerms(word).ShouldBe([word]);
    }

    [Fact]
    public void Handles_long_and_empty_text()
    {
        KnowledgeText.Terms(string.Empty).ShouldBeEmpty();
        KnowledgeText.Terms(new string('a', 100) + " sora").ShouldBe(["sora"]);
        KnowledgeText.Terms(string.Concat(Enumerable.Repeat("xuất khẩu ", 500))).Count.ShouldBe(1000 + 999); // words and the bigrams between them
    }
}
