using System.Collections.Concurrent;
using Bot.Core.Answering;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using static Bot.Core.Tests.Llm.LlmTestKit;

namespace Bot.Core.Tests.Llm;

/// <summary>With Llm:UseTools the model may call the knowledge plugin's search function by itself.</summary>
public sealed class ModelToolTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _searches = new();
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task With_tools_on_the_model_can_search_the_knowledge_and_answer()
    {
        await using var sp = Build(ModelConfig(_server, ("Llm:UseTools", "true")), configure: s => s.AddSingleton(Plugin()));
        _server.Enqueue(
            FakeReply.ToolCall("knowledge-search", "{\"query\":\"Huawei Ascend 910C\"}"),
            FakeReply.Text("Huawei began mass shipments of the Ascend 910C in 2025 [2]."));

        var draft = await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("What about Huawei's chips?", "en", H20En, HuaweiEn));

        _searches.ShouldBe(["Huawei Ascend 910C"]);
        _server.ChatCalls.Count.ShouldBe(2);
        _server.ChatCalls[0].ToolNames.ShouldBe(["knowledge-search"]);
        _server.ChatCalls[1].HasToolResult.ShouldBeTrue();
        _server.ChatCalls[1].Messages.Single(m => m.Role == "tool").Content.ShouldContain("Ascend 910C");
        draft.Blocks.ShouldBe(["Huawei began mass shipments of the Ascend 910C in 2025 [1]."]);
        draft.Used.ShouldBe([HuaweiEn]);
    }

    [Fact]
    public async Task By_default_no_tools_are_offered()
    {
        await using var sp = Build(ModelConfig(_server), configure: s => s.AddSingleton(Plugin()));

        await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("What about Huawei's chips?", "en", HuaweiEn));

        _server.ChatCalls.ShouldHaveSingleItem().ToolNames.ShouldBeEmpty();
        _searches.ShouldBeEmpty();
    }

    private KernelPlugin Plugin() => KernelPluginFactory.CreateFromFunctions("knowledge", [
        KernelFunctionFactory.CreateFromMethod(
            (string query) =>
            {
                _searches.Enqueue(query);
                return "[{\"file\":\"gpu/huawei-ascend.en.md\",\"text\":\"Huawei's Ascend 910C accelerator began mass shipments in 2025.\"}]";
            },
            "search",
            "Searches the knowledge."),
    ]);
}
