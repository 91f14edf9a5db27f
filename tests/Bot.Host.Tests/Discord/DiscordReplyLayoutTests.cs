using Bot.Core.Stores;
using Bot.Testing;
using Bot.Testing.FakeDiscord;

namespace Bot.Host.Tests.Discord;

/// <summary>
/// The reply layout of #11 §5 as a Discord member meets it, through the real host and the repository's knowledge:
/// one message with the answer first and a compact sources block (no embeds, no file paths), "tell me more", the
/// Sources button and <c>/sources</c> typed as a reply.
/// </summary>
[Collection(DiscordHostCollection.Name)]
public sealed class DiscordReplyLayoutTests : IAsyncLifetime
{
    private readonly TempKnowledgeFolder _knowledge = TempKnowledgeFolder.CopyOf(RepositoryPaths.Knowledge);
    private FakeDiscordServer _fake = null!;

    private string Bot => _fake.Options.BotUserId;

    public async Task InitializeAsync() => _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { IdentifyWindow = TimeSpan.Zero });

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _knowledge.Dispose();
    }

    private async Task<BotTestHost> StartHostAsync()
    {
        var host = await BotTestHost.Create().WithDiscord(_fake).WithKnowledge(_knowledge.Root).StartAsync();
        await _fake.WaitForSessionsAsync(1);
        await _fake.WaitUntilAsync(() => host.Logs.All.Contains("ready as user", StringComparison.Ordinal));
        return host;
    }

    private async Task<FakeMessage> AskAsync(string text, string? replyTo = null, int expected = 1)
    {
        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{Bot}> {text}", MentionBot: replyTo is null, ReplyToMessageId: replyTo));
        await _fake.WaitUntilAsync(() => _fake.BotMessages(FakeDiscordServer.ChannelA).Count >= expected);
        return _fake.BotMessages(FakeDiscordServer.ChannelA)[expected - 1];
    }

    private static string AnswerOf(string content) => content[..content.IndexOf("\n\n**Sources:**", StringComparison.Ordinal)];

    [Fact]
    public async Task A_reply_is_one_message_with_the_answer_first_one_line_per_cited_file_and_no_file_path()
    {
        await using var host = await StartHostAsync();

        var reply = await AskAsync("When did OpenAI release Sora 2?");
        await Task.Delay(200);

        _fake.BotMessages(FakeDiscordServer.ChannelA).Count.ShouldBe(1);
        reply.Content.Length.ShouldBeLessThanOrEqualTo(2000);
        reply.Content.IndexOf("30 September 2025", StringComparison.Ordinal).ShouldBeInRange(0, 300);
        var lines = reply.Content[(reply.Content.IndexOf("**Sources:**\n", StringComparison.Ordinal) + "**Sources:**\n".Length)..].Split('\n');
        lines.ShouldAllBe(line => line.StartsWith("**", StringComparison.Ordinal) && line.Contains(", as of ", StringComparison.Ordinal));
        lines.ShouldAllBe(line => line.Split("https://", StringSplitOptions.None).Length <= 2);
        reply.Content.ShouldNotContain(".md");
        reply.Embeds.ShouldBeEmpty();
        reply.Components.ToJsonString().ShouldContain("\"custom_id\":\"src\"");
    }

    [Fact]
    public async Task Tell_me_more_as_a_reply_continues_with_new_sentences()
    {
        await using var host = await StartHostAsync();

        var first = await AskAsync("When did OpenAI release Sora 2?");
        var more = await AskAsync("chi tiết hơn", replyTo: first.Id, expected: 2);

        more.Content.ShouldContain("\n\n**Sources:**", customMessage: more.Content);
        var shown = AnswerOf(first.Content);
        var next = AnswerOf(more.Content);
        next.ShouldNotBeNullOrWhiteSpace();
        foreach (var sentence in next.Split(". ", StringSplitOptions.RemoveEmptyEntries))
        {
            shown.ShouldNotContain(sentence.TrimEnd('.'));
        }
    }

    [Fact]
    public async Task The_sources_button_and_sources_as_a_reply_list_every_publication_without_file_paths()
    {
        await using var host = await StartHostAsync();

        var answer = await AskAsync("When did OpenAI release Sora 2?");

        // The bot stores the answer just after Discord took the message; a press in that instant (no person is that
        // quick) would find no answer to list the sources of.
        var answers = host.Get<IAnswerStore>();
        await TestBounds.UntilAsync(async () => await answers.FindByMessageAsync("discord", FakeDiscordServer.ChannelA, answer.Id) is not null, "the answer is stored");
        var press = await _fake.SendButtonPressAsync("src", answer.Id);
        await _fake.WaitUntilAsync(() => press.ResponseType is not null);
        var listed = _fake.Requests.Last(r => r.Path.EndsWith("/callback", StringComparison.Ordinal)).Json!["data"]!;
        var typed = await AskAsync("/sources", replyTo: answer.Id, expected: 2);

        press.ResponseType.ShouldBe(4);
        listed["flags"]!.GetValue<int>().ShouldBe(64);
        foreach (var list in new[] { listed["content"]!.GetValue<string>(), typed.Content })
        {
            list.ShouldContain("All sources of this answer:");
            list.ShouldNotContain(".md");
            list.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        }
    }
}
