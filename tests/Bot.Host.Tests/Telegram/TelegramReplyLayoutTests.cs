using Bot.Testing;
using Bot.Testing.FakeTelegram;

namespace Bot.Host.Tests.Telegram;

/// <summary>
/// The reply layout of #11 §5 as a Telegram member meets it, through the real host and the repository's knowledge:
/// one message with the answer first and a compact sources block, "tell me more", the Sources button and
/// <c>/sources</c> as a reply.
/// </summary>
[Collection(TelegramEndToEndCollection.Name)]
public sealed class TelegramReplyLayoutTests(KnowledgeCopy knowledge) : IClassFixture<KnowledgeCopy>, IAsyncLifetime
{
    private static readonly FakeUser Sam = new(43, "Sam", "en");
    private static readonly FakeUser Mod = new(44, "Mod", "en");
    private readonly string _data = Path.Combine(Path.GetTempPath(), "bot-telegram-layout-" + Guid.NewGuid().ToString("N"));
    private FakeTelegramServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeTelegramServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        BotTestHost.DeleteFolder(_data);
    }

    private Task<BotTestHost> StartHostAsync() => BotTestHost.Create().WithTelegram(_fake).WithKnowledge(knowledge.Path)
        .WithSqlite(Path.Combine(_data, "bot.db")).With("Bot:ModeratorIds:0", "telegram:" + Mod.Id).StartAsync();

    /// <summary>The answer part of a reply: what comes before the sources block.</summary>
    private static string AnswerOf(string html) => html[..html.IndexOf("\n\n<b>Sources:</b>", StringComparison.Ordinal)];

    [Fact]
    public async Task A_reply_is_one_message_with_the_answer_first_then_one_line_per_cited_file_and_no_file_path()
    {
        await using var host = await StartHostAsync();

        _fake.SendPrivate(Sam, "When did OpenAI release Sora 2?");
        var reply = (await _fake.WaitForMessagesAsync(Sam.Id)).ShouldHaveSingleItem();

        var text = reply.Text!;
        text.Length.ShouldBeLessThanOrEqualTo(2000);
        text.ShouldContain("30 September 2025");
        text.IndexOf("30 September 2025", StringComparison.Ordinal).ShouldBeLessThan(300);
        var sources = text[(text.IndexOf("<b>Sources:</b>\n", StringComparison.Ordinal) + "<b>Sources:</b>\n".Length)..].Split('\n');
        sources.ShouldAllBe(line => line.StartsWith("<b>", StringComparison.Ordinal) && line.Contains(", as of ", StringComparison.Ordinal));
        sources.ShouldAllBe(line => line.Split("<a ", StringSplitOptions.None).Length <= 2);
        text.ShouldNotContain(".md");
        var buttons = reply.Body["reply_markup"]!["inline_keyboard"]![0]!.AsArray().Select(b => b!["callback_data"]!.ToString()).ToList();
        buttons.ShouldContain("src");
    }

    [Fact]
    public async Task Tell_me_more_continues_with_new_sentences_as_a_follow_up_and_as_a_reply()
    {
        await using var host = await StartHostAsync();

        _fake.SendPrivate(Sam, "When did OpenAI release Sora 2?");
        var first = (await _fake.WaitForMessagesAsync(Sam.Id)).ShouldHaveSingleItem();
        _fake.SendPrivate(Sam, "tell me more");
        var more = (await _fake.WaitForMessagesAsync(Sam.Id, 2))[1];
        _fake.SendPrivate(Sam, "more please", replyToMessageId: more.SentMessageId);
        var evenMore = (await _fake.WaitForMessagesAsync(Sam.Id, 3))[2];

        var shown = AnswerOf(first.Text!);
        var next = AnswerOf(more.Text!);
        next.ShouldNotBeNullOrWhiteSpace();
        foreach (var sentence in next.Split(". ", StringSplitOptions.RemoveEmptyEntries))
        {
            shown.ShouldNotContain(sentence.TrimEnd('.'));
        }

        evenMore.Text!.ShouldNotContain(next.Split(". ")[0]);
        more.Text!.Length.ShouldBeLessThanOrEqualTo(2000);
    }

    [Fact]
    public async Task The_sources_button_and_sources_as_a_reply_list_every_publication_and_paths_only_for_a_moderator_in_private()
    {
        await using var host = await StartHostAsync();
        var group = _fake.AddChat(-300, FakeChatType.Supergroup, "AI race");

        _fake.UserSays(group, Sam, "/ask When did OpenAI release Sora 2?");
        var answer = (await _fake.WaitForMessagesAsync(group.Id)).ShouldHaveSingleItem();
        _fake.PressButton(group, Sam, answer.SentMessageId!.Value, "src");
        var listed = (await _fake.WaitForMessagesAsync(group.Id, 2))[1];
        _fake.UserSays(group, Sam, "/sources", replyToMessageId: answer.SentMessageId);
        var replied = (await _fake.WaitForMessagesAsync(group.Id, 3))[2];

        foreach (var list in new[] { listed.Text!, replied.Text! })
        {
            list.ShouldContain("All sources of this answer:");
            list.ShouldNotContain(".md");

            // Every publication, one per line: at least the two the compact line showed, each with its date.
            list.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        }

        listed.Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(answer.SentMessageId!.Value);

        _fake.SendPrivate(Mod, "When did OpenAI release Sora 2?");
        var modAnswer = (await _fake.WaitForMessagesAsync(Mod.Id)).ShouldHaveSingleItem();
        _fake.PressButton(_fake.AddChat(Mod.Id, FakeChatType.Private), Mod, modAnswer.SentMessageId!.Value, "src");
        var modList = (await _fake.WaitForMessagesAsync(Mod.Id, 2))[1];
        modList.Text!.ShouldContain(".md#");
    }
}
