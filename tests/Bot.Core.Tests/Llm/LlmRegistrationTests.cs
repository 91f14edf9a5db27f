using Bot.Core.Answering;
using Bot.Core.Llm;
using Bot.Knowledge.Search;
using Bot.Knowledge.Vectors;
using Bot.Testing.FakeOpenAi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Bot.Core.Tests.Llm.LlmTestKit;

namespace Bot.Core.Tests.Llm;

/// <summary>Configuration: the model is on only with an endpoint, and bad values stop the start naming the key.</summary>
public sealed class LlmRegistrationTests
{
    [Fact]
    public async Task Without_an_endpoint_the_extractive_answerer_and_key_term_rewriter_serve()
    {
        await using var sp = Build(new Dictionary<string, string?>());

        sp.GetRequiredService<IAnswerer>().ShouldBeOfType<ExtractiveAnswerer>();
        sp.GetRequiredService<IQueryRewriter>().ShouldBeOfType<KeyTermQueryRewriter>();
        sp.GetService<IVectorRanker>().ShouldBeNull();
        sp.GetRequiredService<IOptions<LlmOptions>>().Value.Enabled.ShouldBeFalse();
    }

    [Fact]
    public async Task Defaults_match_the_documented_values()
    {
        await using var sp = Build(new Dictionary<string, string?>());
        var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;

        options.TimeoutSeconds.ShouldBe(20);
        options.MaxAnswerTokens.ShouldBe(600);
        options.MaxContextSections.ShouldBe(3);
        options.MaxContextChars.ShouldBe(8_000);
        options.UseTools.ShouldBeFalse();
    }

    [Fact]
    public async Task Configuration_added_after_AddLlm_turns_the_model_and_embeddings_on()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLlm(builder.Configuration);
        builder.Services.AddSingleton<Bot.Knowledge.Embeddings.IEmbeddingCache, MemoryEmbeddingCache>();
        builder.Services.AddSingleton<Bot.Knowledge.Loading.IKnowledgeBase>(new FakeKnowledgeBase([SoraLaunchEn]));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = server.Endpoint.ToString(),
            ["Llm:Model"] = "fake-chat",
            ["Embeddings:Endpoint"] = server.Endpoint.ToString(),
            ["Embeddings:Model"] = "fake-embed",
        });
        using var host = builder.Build();

        host.Services.GetRequiredService<IAnswerer>().ShouldBeOfType<ModelAnswerer>();
        host.Services.GetRequiredService<IQueryRewriter>().ShouldBeOfType<ModelQueryRewriter>();
        host.Services.GetRequiredService<IVectorRanker>().ShouldBeOfType<EmbeddingVectorRanker>();
    }

    [Theory]
    [InlineData("Llm:TimeoutSeconds", "0", "Llm:TimeoutSeconds")]
    [InlineData("Llm:MaxAnswerTokens", "5", "Llm:MaxAnswerTokens")]
    [InlineData("Llm:MaxContextSections", "50", "Llm:MaxContextSections")]
    [InlineData("Llm:MaxContextChars", "10", "Llm:MaxContextChars")]
    [InlineData("Llm:Endpoint", "not a url", "Llm:Endpoint")]
    [InlineData("Llm:Endpoint", "ftp://models.example/v1", "Llm:Endpoint")]
    [InlineData("Llm:Model", "", "Llm:Model")]
    [InlineData("Embeddings:Endpoint", "localhost:11434", "Embeddings:Endpoint")]
    [InlineData("Embeddings:Model", "", "Embeddings:Model")]
    public async Task An_invalid_value_stops_the_start_and_names_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Llm:Model"] = "fake-chat",
            ["Embeddings:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Embeddings:Model"] = "fake-embed",
            [key] = value,
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLlm(builder.Configuration);
        builder.Configuration.AddInMemoryCollection(settings);
        using var host = builder.Build();

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());
        error.Message.ShouldContain(named);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLlm(builder.Configuration);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Llm:TimeoutSeconds"] = "soon" });
        using var host = builder.Build();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => host.StartAsync());
        error.Message.ShouldContain("Llm:TimeoutSeconds");
    }

    [Fact]
    public async Task Calling_AddLlm_twice_registers_once()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        await using var sp = Build(ModelConfig(server), configure: s => s.AddLlm(new ConfigurationBuilder().Build()));
        server.Script = _ => FakeReply.Status(500);

        await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));

        // One resilience pipeline: one retry, so two attempts (a doubled handler would make four).
        server.ChatCalls.Count.ShouldBe(2);
        sp.GetServices<IHostedService>().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Tools_on_without_a_knowledge_plugin_still_answers_from_the_context()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var sp = Build(ModelConfig(server, ("Llm:UseTools", "true")), logs: logs);

        var draft = await sp.GetRequiredService<IAnswerer>().AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));

        draft.Used.ShouldBe([SoraLaunchEn]);
        server.ChatCalls.ShouldHaveSingleItem().ToolNames.ShouldBeEmpty();
        logs.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("no 'knowledge' plugin"));
    }

    [Fact]
    public async Task A_successful_model_call_logs_no_resilience_noise_above_debug_but_a_retry_is_logged()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var sp = Build(ModelConfig(server), logs: logs);
        var answerer = sp.GetRequiredService<IAnswerer>();

        await answerer.AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));
        logs.Entries.Where(e => e.Category.StartsWith("Polly", StringComparison.Ordinal)).ShouldNotBeEmpty();
        logs.Entries.ShouldNotContain(e => e.Category.StartsWith("Polly", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Information);

        server.Enqueue(FakeReply.Status(500));
        await answerer.AnswerAsync(Request("When was Sora released?", "en", SoraLaunchEn));
        logs.Entries.ShouldContain(e => e.Category.StartsWith("Polly", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public void A_key_in_the_endpoint_URL_is_refused_without_echoing_it()
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Endpoint = "https://user:sk-secret@api.example/v1", Model = "m" });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("Llm:Endpoint");
        result.FailureMessage.ShouldNotContain("sk-secret");
    }
}
