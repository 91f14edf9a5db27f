using System.Text.Json;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Bot.Knowledge.SemanticKernel;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;

namespace Bot.Knowledge.Tests;

public class SemanticKernelTests
{
    private static readonly IKnowledgeRetriever Retriever = new KnowledgeRetriever(
        new StaticBase(new KnowledgeSnapshot("/k", TestCorpus.Documents, TestCorpus.Index, [], DateTimeOffset.UnixEpoch)),
        NullLogger<KnowledgeRetriever>.Instance);

    [Fact]
    public void The_plugin_is_named_knowledge_and_has_a_search_function()
    {
        var plugin = KnowledgePlugin.Create(Retriever);

        plugin.Name.ShouldBe("knowledge");
        plugin.TryGetFunction("search", out var search).ShouldBeTrue();
        search!.Metadata.Parameters.Select(p => p.Name).ShouldBe(["query", "lang", "top"]);
        search.Metadata.Parameters.Single(p => p.Name == "query").IsRequired.ShouldBeTrue();
        search.Metadata.Parameters.Single(p => p.Name == "lang").IsRequired.ShouldBeFalse();
    }

    [Fact]
    public async Task Search_through_a_kernel_returns_the_right_section_with_file_heading_date_and_text()
    {
        var kernel = new Kernel();
        kernel.Plugins.Add(KnowledgePlugin.Create(Retriever));

        var result = await kernel.InvokeAsync("knowledge", "search", new KernelArguments { ["query"] = "xuat khau chip", ["lang"] = "vi", ["top"] = 2 });

        using var json = JsonDocument.Parse(result.GetValue<string>()!);
        var items = json.RootElement.EnumerateArray().ToList();
        items.Count.ShouldBe(2);
        items[0].GetProperty("file").GetString().ShouldBe("gpu/export-controls.vi.md");
        items[0].GetProperty("heading").GetString().ShouldBe("Quy định tháng 10/2022");
        items[0].GetProperty("updated").GetString().ShouldBe("2024-02-16");
        items[0].GetProperty("text").GetString()!.ShouldContain("xuất khẩu chip");
        items[0].GetProperty("sources")[0].GetProperty("title").GetString().ShouldBe("OpenAI announcement");
    }

    [Fact]
    public async Task The_text_search_returns_sections_with_name_link_and_value()
    {
        var search = new KnowledgeTextSearch(Retriever);

        var results = await search.GetTextSearchResultsAsync("Kling Kuaishou", new TextSearchOptions<KnowledgeSection> { Top = 1 });
        var list = new List<TextSearchResult>();
        await foreach (var item in results.Results)
        {
            list.Add(item);
        }

        var first = list.ShouldHaveSingleItem();
        first.Link.ShouldStartWith("video/chinese-video.");
        first.Link.ShouldEndWith("#kling");
        first.Name!.ShouldContain("Kling");
        first.Value.ShouldContain("Kuaishou");
    }

    [Fact]
    public async Task The_obsolete_text_search_works_with_the_sk_plugin_helper()
    {
#pragma warning disable CS0618 // The SK helper takes only the obsolete non-generic ITextSearch.
        ITextSearch search = new KnowledgeTextSearch(Retriever);
        var plugin = search.CreateWithGetTextSearchResults("knowledge_text");
#pragma warning restore CS0618
        var kernel = new Kernel();
        kernel.Plugins.Add(plugin);

        var result = await kernel.InvokeAsync("knowledge_text", "GetTextSearchResults", new KernelArguments { ["query"] = "DeepSeek V3 weights" });

        result.GetValue<IEnumerable<TextSearchResult>>()!.First().Link.ShouldBe("llm/deepseek.en.md#deepseek-v3");
    }

    private sealed class StaticBase(KnowledgeSnapshot snapshot) : IKnowledgeBase
    {
        public KnowledgeSnapshot Current => snapshot;

        public event EventHandler<KnowledgeSnapshot>? Reloaded
        {
            add { }
            remove { }
        }

        public Task<KnowledgeSnapshot> ReloadAsync(CancellationToken cancellationToken = default) => Task.FromResult(snapshot);
    }
}
