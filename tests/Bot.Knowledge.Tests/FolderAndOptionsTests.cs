using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Bot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Bot.Knowledge.Tests;

public sealed class FolderAndOptionsTests : IDisposable
{
    private readonly TempKnowledgeFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_configured_path_wins_and_is_taken_from_the_current_directory_when_relative()
    {
        var current = Path.Combine(_temp.Root, "cwd");
        Directory.CreateDirectory(Path.Combine(current, "knowledge"));
        Directory.CreateDirectory(Path.Combine(current, "mine"));

        var found = KnowledgeFolder.Resolve("mine", current, Path.Combine(_temp.Root, "bin"));

        found.ShouldBe(new KnowledgeFolderResolution(Path.Combine(current, "mine"), KnowledgeFolderSource.Configured, true));
    }

    [Fact]
    public void A_configured_path_that_does_not_exist_is_reported_as_missing()
    {
        KnowledgeFolder.Resolve("/no/such/folder", _temp.Root, _temp.Root).Exists.ShouldBeFalse();
    }

    [Fact]
    public void Without_configuration_knowledge_in_the_current_directory_is_used()
    {
        var current = Path.Combine(_temp.Root, "cwd");
        Directory.CreateDirectory(Path.Combine(current, "knowledge"));
        Directory.CreateDirectory(Path.Combine(_temp.Root, "bin", "knowledge"));

        var found = KnowledgeFolder.Resolve(null, current, Path.Combine(_temp.Root, "bin"));

        found.Source.ShouldBe(KnowledgeFolderSource.CurrentDirectory);
        found.Path.ShouldBe(Path.Combine(current, "knowledge"));
    }

    [Fact]
    public void Otherwise_knowledge_beside_the_program_is_used()
    {
        var current = Path.Combine(_temp.Root, "cwd");
        Directory.CreateDirectory(current);
        Directory.CreateDirectory(Path.Combine(_temp.Root, "bin", "knowledge"));

        var found = KnowledgeFolder.Resolve("  ", current, Path.Combine(_temp.Root, "bin"));

        found.ShouldBe(new KnowledgeFolderResolution(Path.Combine(_temp.Root, "bin", "knowledge"), KnowledgeFolderSource.BesideProgram, true));
    }

    [Fact]
    public void A_configured_path_that_does_not_exist_fails_options_validation_naming_the_key()
    {
        using var provider = Services(new() { ["Knowledge:Path"] = Path.Combine(_temp.Root, "missing") });

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value);

        error.Message.ShouldContain("Knowledge:Path");
        error.Message.ShouldContain("does not exist");
    }

    [Fact]
    public void Out_of_range_numbers_fail_validation_naming_the_key()
    {
        using var provider = Services(new() { ["Knowledge:Path"] = _temp.Root, ["Knowledge:DebounceMilliseconds"] = "5" });

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value)
            .Message.ShouldContain("Knowledge:DebounceMilliseconds");
    }

    [Fact]
    public void Options_have_sensible_defaults()
    {
        using var provider = Services(new() { ["Knowledge:Path"] = _temp.Root });

        var options = provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value;

        options.DebounceMilliseconds.ShouldBe(400);
        options.PollSeconds.ShouldBe(30);
    }

    [Fact]
    public async Task AddKnowledge_registers_a_working_knowledge_layer_that_starts_with_the_host()
    {
        _temp.Write("sora/launch.en.md", KnowledgeFiles.Valid());
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Knowledge:Path"] = _temp.Root });
        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddKnowledge(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var knowledge = host.Services.GetRequiredService<IKnowledgeBase>();
            knowledge.Current.SectionCount.ShouldBe(1);
            var hits = await host.Services.GetRequiredService<IKnowledgeRetriever>().RetrieveAsync(new SearchQuery("Sora 2024-02-15"));
            hits.ShouldHaveSingleItem().Section.Path.ShouldBe("sora/launch.en.md");
            host.Services.GetServices<KernelPlugin>().ShouldHaveSingleItem().Name.ShouldBe("knowledge");
            host.Services.GetServices<IHostedService>().Count().ShouldBe(1);
            host.Services.GetRequiredService<Bot.Knowledge.Embeddings.IEmbeddingCache>().ShouldNotBeNull();
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void Parts_registered_before_AddKnowledge_are_kept()
    {
        var services = new ServiceCollection();
        var fake = new FakeRetriever();
        services.AddSingleton<IKnowledgeRetriever>(fake);
        services.AddKnowledge(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IKnowledgeRetriever>().ShouldBeSameAs(fake);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddKnowledge(configuration).BuildServiceProvider();
    }

    private sealed class FakeRetriever : IKnowledgeRetriever
    {
        public Task<IReadOnlyList<SearchHit>> RetrieveAsync(SearchQuery query, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SearchHit>>([]);
    }
}
