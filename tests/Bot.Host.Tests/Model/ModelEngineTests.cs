using Bot.Core.Engine;
using Bot.Core.Language;
using Bot.Core.Llm;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Testing;
using Bot.Testing.FakeOpenAi;

namespace Bot.Host.Tests.Model;

/// <summary>Model mode end to end: the real host's engine over the real knowledge folder, the fake model on loopback.</summary>
public sealed class ModelEngineTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;
    private BotTestHost _host = null!;
    private IBotEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync();
        _host = await BotTestHost.Create().WithoutPlatforms().WithModel(_server).StartAsync();
        _engine = _host.Get<IBotEngine>();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_model_writes_the_answer_and_the_sources_are_the_sections_it_cited()
    {
        var reply = await AskAsync("When did OpenAI first show off Sora?");

        reply.Kind.ShouldBe(ReplyKind.Answer);
        var call = _server.ChatCalls.ShouldHaveSingleItem();
        string.Join(" ", reply.Blocks).ShouldEndWith("[1]");
        reply.Citations.Select(c => c.File).Distinct().ShouldHaveSingleItem()
            .ShouldBe(call.ContextItems[1].Split('(', 2)[1].Split(',')[0]);
        reply.Notes.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_model_keeps_failing_the_user_gets_the_extractive_answer_with_a_note()
    {
        _server.Script = _ => FakeReply.Status(503);

        var reply = await AskAsync("Sora của OpenAI ra mắt ngày nào?");

        reply.Kind.ShouldBe(ReplyKind.Answer);
        reply.Language.ShouldBe("vi");
        reply.Citations.ShouldNotBeEmpty();
        reply.Notes.ShouldContain(LlmNotes.ModelUnavailable("vi"));
        _server.ChatCalls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_no_answer_marker_becomes_the_usual_decline_and_a_logged_knowledge_gap()
    {
        _server.Enqueue(FakeReply.NoAnswer());
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);

        var reply = await AskAsync("How many parameters does DeepSeek V3 have?");

        reply.Kind.ShouldBe(ReplyKind.Declined);
        reply.Blocks.ShouldBe([Phrases.DontKnow("en")]);
        reply.Citations.ShouldBeEmpty();
        var logged = await _host.Get<IQuestionLog>().ListAsync(since);
        logged.ShouldContain(e => e.Question == "How many parameters does DeepSeek V3 have?" && !e.Answered);
    }

    [Fact]
    public async Task A_reply_to_an_answer_is_rewritten_by_the_model_and_answered_with_the_earlier_turn()
    {
        var first = Message("1", "Mỹ hạn chế xuất khẩu chip H20 của Nvidia sang Trung Quốc thế nào?");
        var firstReply = (await _engine.HandleAsync(first))!;
        firstReply.Kind.ShouldBe(ReplyKind.Answer);
        await _engine.RecordSentAsync(first, firstReply, "bot-1");
        _server.Reset();
        _server.Enqueue(FakeReply.Text("Huawei và chip AI thay thế Nvidia ở Trung Quốc"));

        var followUp = Message("2", "còn Huawei thì sao?") with { ReplyToMessageId = "bot-1", Flags = MessageFlags.Private | MessageFlags.ReplyToBot };
        var reply = (await _engine.HandleAsync(followUp))!;

        reply.Kind.ShouldBe(ReplyKind.Answer);
        _server.ChatCalls.Count.ShouldBe(2);
        var rewrite = _server.ChatCalls[0];
        rewrite.System.ShouldContain("standalone search query");
        rewrite.LastUser.ShouldContain("Follow-up: còn Huawei thì sao?");
        var answer = _server.ChatCalls[1];
        answer.Messages.Select(m => m.Role).ShouldBe(["system", "user", "assistant", "user"]);
        answer.Messages[1].Content.ShouldBe(first.Text);
        answer.Messages[3].Content.ShouldBe("còn Huawei thì sao?");
        answer.System.ShouldContain("Huawei");
    }

    private async Task<BotReply> AskAsync(string question) => (await _engine.HandleAsync(Message(Guid.NewGuid().ToString("N"), question)))!;

    private static IncomingMessage Message(string id, string text) =>
        new("cli", "model-tests", "user-1", id, text, Flags: MessageFlags.Private, Command: "ask");
}
