using Bot.Core.Admin;

namespace Bot.Core.Tests.Admin;

public class QuestionGroupsTests
{
    [Fact]
    public void Groups_similar_questions_with_counts_most_frequent_first()
    {
        var groups = QuestionGroups.Group(
        [
            "Who makes Kling video?",
            "When did Baidu release Ernie?",
            "who makes kling video",
            "Who makes the Kling video model?",
            "when did baidu release ernie 4",
        ]);

        groups.Count.ShouldBe(2);
        groups[0].ShouldBe(new QuestionGroup("Who makes Kling video?", 3));
        groups[1].ShouldBe(new QuestionGroup("When did Baidu release Ernie?", 2));
    }

    [Fact]
    public void Weighted_questions_add_their_counts_to_the_group_of_the_first_similar_text()
    {
        var groups = QuestionGroups.Group(
        [
            ("When did Baidu release Ernie?", 4),
            ("Who makes Kling video?", 3),
            ("who makes kling video", 3),
            ("when did baidu release ernie 4", 1),
        ]);

        groups.ShouldBe([new QuestionGroup("Who makes Kling video?", 6), new QuestionGroup("When did Baidu release Ernie?", 5)]);
    }

    [Fact]
    public void Folds_diacritics_when_comparing()
    {
        QuestionGroups.Similarity("Kling của Kuaishou ra mắt khi nào?", "kling cua kuaishou ra mat khi nao").ShouldBe(1.0);
        QuestionGroups.Similarity("Kling video", "Ernie bot").ShouldBe(0.0);
    }
}
