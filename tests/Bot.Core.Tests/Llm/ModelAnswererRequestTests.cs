using Bot.Core.Answering;
using Bot.Core.Llm;
using Bot.Knowledge.Search;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Core.Tests.Llm.LlmTestKit;

namespace Bot.Core.Tests.Llm;

/// <summary>What the model is sent.</summary>
public sealed class ModelAnswererRequestTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Numbered_context_holds_the_retrieved_sections_best_first()
    {
        await using var sp = Build(ModelConfig(_server));
        var answerer = sp.GetRequiredService<IAnswerer>();

        await answerer.AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn, KlingEn, H20En));

        var call = _server.ChatCalls.ShouldHaveSingleItem();
        call.ContextItems.Keys.ShouldBe([1, 2, 3]);
        call.ContextItems[1].ShouldStartWith("[1] Sora launch (sora/sora-launch.en.md, as of 2025-06-01, en)\n## Public release\n");
        call.ContextItems[1].ShouldContain("OpenAI released Sora to the public on 9 December 2024");
        call.ContextItems[2].ShouldContain("Kuaishou launched the Kling video model");
        call.ContextItems[3].ShouldContain("requires a licence");
    }

    [Fact]
    public async Task The_model_sees_only_sections_nearly_as_relevant_as_the_best()
    {
        await using var sp = Build(ModelConfig(_server));
        var request = new AnswerRequest("When was Sora released?", "en",
            [new SearchHit(SoraLaunchEn, 10, 0.9), new SearchHit(KlingEn, 9, 0.7), new SearchHit(H20En, 8, 0.5)], null);

        await sp.GetRequiredService<IAnswerer>().AnswerAsync(request);

        var call = _server.ChatCalls.ShouldHaveSingleItem();
        call.ContextItems.Keys.ShouldBe([1, 2]);
        call.ContextItems[2].ShouldContain("Kling");
    }

    [Fact]
    public async Task Sections_of_one_file_are_one_numbered_item_placed_where_the_file_first_ranked()
    {
        var charge = Section("gpu/h20.en.md", "en", "Nvidia H20 export rules", "Nvidia's charge", "Nvidia expected a charge of about 5.5 billion dollars for H20 inventory.");
        await using var sp = Build(ModelConfig(_server));
        _server.Enqueue(FakeReply.Text("Exports of the H20 need a licence, and Nvidia expected a charge of about 5.5 billion dollars [2]."));

        var draft = await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("What happened to Nvidia's H20?", "en", HuaweiEn, H20En, charge, KlingEn));

        var call = _server.ChatCalls.ShouldHaveSingleItem();
        call.ContextItems.Keys.ShouldBe([1, 2]);
        call.ContextItems[2].ShouldStartWith("[2] Nvidia H20 export rules (gpu/h20.en.md");
        call.ContextItems[2].ShouldContain("## April 2025 licence requirement\n" + H20En.Text);
        call.ContextItems[2].ShouldContain("## Nvidia's charge\n" + charge.Text);
        draft.Used.ShouldBe([H20En, charge]);
        draft.Blocks.ShouldHaveSingleItem().ShouldEndWith("5.5 billion dollars [1].");
    }

    [Fact]
    public async Task System_prompt_comes_first_and_the_question_is_only_in_the_user_role()
    {
        await using var sp = Build(ModelConfig(_server));
        const string question = "When was Sora released to the public?";

        await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request(question, "en", SoraLaunchEn));

        var call = _server.ChatCalls.ShouldHaveSingleItem();
        call.Messages.Select(m => m.Role).ShouldBe(["system", "user"]);
        call.Messages[0].Content.ShouldStartWith(LlmPrompts.SystemPrompt.TrimEnd());
        call.Messages[0].Content.ShouldContain("Answer language: English");
        call.Messages[0].Content.ShouldNotContain(question);
        call.Messages[1].Content.ShouldBe(question);
        call.Model.ShouldBe("fake-chat");
        call.MaxTokens.ShouldBe(600);
        _server.Requests.ShouldHaveSingleItem().Headers["Authorization"].ShouldBe("Bearer " + ApiKey);
        _server.Requests[0].Path.ShouldBe("/v1/chat/completions");
    }

    [Fact]
    public async Task Vietnamese_question_asks_for_a_Vietnamese_answer_and_text_arrives_unencoded()
    {
        await using var sp = Build(ModelConfig(_server));

        await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("Sora ra mắt ngày nào?", "vi", SoraLaunchVi, SoraLaunchEn));

        var call = _server.ChatCalls.ShouldHaveSingleItem();
        call.System.ShouldContain("Answer language: Vietnamese");
        call.ContextItems[1].ShouldContain("phát hành Sora cho công chúng vào ngày 9 tháng 12");
        call.RawBody.ShouldNotContain("&#");
        call.LastUser.ShouldBe("Sora ra mắt ngày nào?");
    }

    [Theory]
    [InlineData(3, 200_000, 3)]
    [InlineData(6, 3_000, 2)]
    public async Task Context_is_bounded_by_the_configured_sections_and_characters(int maxSections, int maxChars, int expectedItems)
    {
        var longText = string.Join(" ", Enumerable.Repeat("Huawei shipped Ascend accelerators to domestic buyers.", 40));
        var sections = Enumerable.Range(1, 8)
            .Select(i => Section($"gpu/doc{i}.en.md", "en", $"Doc {i}", $"Part {i}", longText))
            .ToArray();
        await using var sp = Build(ModelConfig(_server,
            ("Llm:MaxContextSections", maxSections.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Llm:MaxContextChars", maxChars.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("What did Huawei ship?", "en", sections));

        var call = _server.ChatCalls.ShouldHaveSingleItem();
        call.ContextItems.Count.ShouldBe(expectedItems);
        var sectionText = call.ContextItems.Values.Sum(item => item.Split('\n').Skip(1).Where(l => !l.StartsWith("## ", StringComparison.Ordinal)).Sum(l => l.Trim().Length));
        sectionText.ShouldBeLessThanOrEqualTo(maxChars);
        call.ContextItems[1].ShouldContain("[1] Doc 1 (gpu/doc1.en.md");
        call.ContextItems[expectedItems].ShouldContain($"## Part {expectedItems}");
    }

    [Fact]
    public async Task A_follow_up_sends_the_earlier_question_and_answer_as_earlier_turns()
    {
        await using var sp = Build(ModelConfig(_server));
        var request = Request("And what about Huawei?", "en", HuaweiEn, H20En) with
        {
            Previous = new ConversationTurn("What are the US rules on H20 exports?", "Since April 2025 exporting the H20 to China needs a licence [1]."),
        };

        await sp.GetRequiredService<IAnswerer>().AnswerAsync(request);

        var call = _server.ChatCalls.ShouldHaveSingleItem();
        call.Messages.Select(m => m.Role).ShouldBe(["system", "user", "assistant", "user"]);
        call.Messages[1].Content.ShouldBe("What are the US rules on H20 exports?");
        call.Messages[2].Content.ShouldContain("needs a licence");
        call.Messages[3].Content.ShouldBe("And what about Huawei?");
    }

    [Fact]
    public async Task No_API_key_means_no_Authorization_header()
    {
        var config = ModelConfig(_server);
        config.Remove("Llm:ApiKey");
        await using var sp = Build(config);

        await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));

        _server.Requests.ShouldHaveSingleItem().Headers.ContainsKey("Authorization").ShouldBeFalse();
    }

    [Fact]
    public async Task Streaming_replies_from_the_fake_server_are_read_by_the_connector()
    {
        await using var sp = Build(ModelConfig(_server));
        var chat = sp.GetRequiredKeyedService<Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService>(LlmServiceCollectionExtensions.ChatServiceKey);
        _server.Enqueue(FakeReply.Text("Sora was released on 9 December 2024 [1]."));

        var parts = new List<string>();
        await foreach (var part in chat.GetStreamingChatMessageContentsAsync(new Microsoft.SemanticKernel.ChatCompletion.ChatHistory([new Microsoft.SemanticKernel.ChatMessageContent(Microsoft.SemanticKernel.ChatCompletion.AuthorRole.User, "When was Sora released?")])))
        {
            parts.Add(part.Content ?? "");
        }

        string.Concat(parts).ShouldBe("Sora was released on 9 December 2024 [1].");
        parts.Count(p => p.Length > 0).ShouldBeGreaterThan(1);
        _server.ChatCalls.ShouldHaveSingleItem().Stream.ShouldBeTrue();
    }
}
