using System.ClientModel;
using System.ClientModel.Primitives;
using Bot.Core.Answering;
using Bot.Knowledge.Embeddings;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Bot.Knowledge.Vectors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using Polly.Telemetry;

namespace Bot.Core.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>The named HttpClient the chat model is called through (with the resilience pipeline).</summary>
    public const string ChatHttpClientName = "Bot.Llm.Chat";

    /// <summary>The named HttpClient the embedding model is called through.</summary>
    public const string EmbeddingsHttpClientName = "Bot.Llm.Embeddings";

    /// <summary>The key under which the chat model's <see cref="IChatCompletionService"/> is registered.</summary>
    public const string ChatServiceKey = "Bot.Llm";

    /// <summary>
    /// Registers the model layer: options (<c>Llm</c>, <c>Embeddings</c>) validated at start, the chat model over a
    /// resilient named HttpClient, the model answerer and query rewriter (with the extractive answerer and key-term
    /// rewriter as fallbacks), and the embedding index and vector ranker. Whether the model and the embeddings are on
    /// is decided when the services are first resolved, from the bound options, so configuration added after this
    /// call counts. Call before <c>AddBotCore</c> registers its defaults: these registrations replace them.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(LlmMarker)))
        {
            return services;
        }

        services.AddSingleton<LlmMarker>();
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateOnStart();
        services.AddOptions<EmbeddingsOptions>().BindConfiguration(EmbeddingsOptions.SectionName).ValidateOnStart();
        services.AddOptions<LlmResilienceTuning>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingsOptions>, EmbeddingsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Keys travel in the Authorization header only; header values are never written to logs.
        services.AddHttpClient(ChatHttpClientName)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true)
            .AddResilienceHandler(LlmResilience.ChatPipeline, LlmResilience.ConfigureChat);
        services.AddHttpClient(EmbeddingsHttpClientName)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true)
            .AddResilienceHandler(LlmResilience.EmbeddingsPipeline, LlmResilience.ConfigureEmbeddings);

        // Polly reports every attempt, successful ones included, at Information: one line per answer adds nothing a
        // reader needs. Successful attempts of our pipelines go to Debug; retries and failures keep their severity.
        services.Configure<TelemetryOptions>(telemetry =>
        {
            var previous = telemetry.SeverityProvider;
            telemetry.SeverityProvider = args =>
                args.Source.PipelineName?.StartsWith("Bot.Llm.", StringComparison.Ordinal) == true &&
                args.Event.EventName == "ExecutionAttempt" && args.Event.Severity == ResilienceEventSeverity.Information
                    ? ResilienceEventSeverity.Debug
                    : previous?.Invoke(args) ?? args.Event.Severity;
        });

        services.AddKeyedSingleton<IChatCompletionService>(ChatServiceKey, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            if (!options.Enabled)
            {
                throw new InvalidOperationException("Llm:Endpoint is not set; the chat model is off.");
            }

            var httpClient = sp.GetRequiredService<IHttpClientFactory>().CreateClient(ChatHttpClientName);
            return new OpenAIChatCompletionService(
                options.Model!,
                CreateClient(options.Endpoint!, options.ApiKey, httpClient),
                sp.GetService<ILoggerFactory>());
        });

        services.TryAddSingleton(sp => new ModelAnswerer(
            sp.GetRequiredKeyedService<IChatCompletionService>(ChatServiceKey),
            Extractive(sp),
            sp.GetRequiredService<IOptions<LlmOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelAnswerer>>(),
            KnowledgePlugins(sp),
            sp.GetService<Diagnostics.BotMetrics>()));
        services.TryAddSingleton(sp => new ModelQueryRewriter(
            sp.GetRequiredKeyedService<IChatCompletionService>(ChatServiceKey),
            KeyTerms(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ModelQueryRewriter>>()));

        services.Replace(ServiceDescriptor.Singleton<IAnswerer>(sp =>
            ModelOn(sp) ? sp.GetRequiredService<ModelAnswerer>() : Extractive(sp)));
        services.Replace(ServiceDescriptor.Singleton<IQueryRewriter>(sp =>
            ModelOn(sp) ? sp.GetRequiredService<ModelQueryRewriter>() : KeyTerms(sp)));

        services.TryAddSingleton(CreateEmbeddingSource);
        services.TryAddSingleton(sp => new EmbeddingIndex(
            sp.GetRequiredService<EmbeddingSource>(),
            sp.GetRequiredService<IEmbeddingCache>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EmbeddingIndex>>()));

        // With no embedding model the ranker resolves to null, so the retriever (which takes an optional ranker)
        // keeps its lexical-only path exactly as without this layer.
        services.Replace(ServiceDescriptor.Singleton<IVectorRanker>(sp =>
            sp.GetRequiredService<EmbeddingSource>().Enabled
                ? new EmbeddingVectorRanker(sp.GetRequiredService<EmbeddingIndex>(), sp.GetRequiredService<IKnowledgeBase>(), sp.GetRequiredService<ILogger<EmbeddingVectorRanker>>())
                : null!));
        services.TryAddSingleton<EmbeddingIndexer>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddingIndexer>());
        return services;
    }

    private static bool ModelOn(IServiceProvider sp) => sp.GetRequiredService<IOptions<LlmOptions>>().Value.Enabled;

    private static ExtractiveAnswerer Extractive(IServiceProvider sp) =>
        sp.GetService<ExtractiveAnswerer>() ?? ActivatorUtilities.CreateInstance<ExtractiveAnswerer>(sp);

    private static KeyTermQueryRewriter KeyTerms(IServiceProvider sp) =>
        sp.GetService<KeyTermQueryRewriter>() ?? ActivatorUtilities.CreateInstance<KeyTermQueryRewriter>(sp);

    /// <summary>The plugins the knowledge layer registered (its <c>knowledge</c> plugin with <c>search</c>).</summary>
    private static List<KernelPlugin> KnowledgePlugins(IServiceProvider sp)
    {
        var plugins = sp.GetServices<KernelPlugin>().ToList();
        if (sp.GetService<KernelPluginCollection>() is { } collection)
        {
            plugins.AddRange(collection);
        }

        return plugins;
    }

    private static EmbeddingSource CreateEmbeddingSource(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
        if (!options.Enabled)
        {
            return EmbeddingSource.None;
        }

        var httpClient = sp.GetRequiredService<IHttpClientFactory>().CreateClient(EmbeddingsHttpClientName);
        var client = CreateClient(options.Endpoint!, options.ApiKey, httpClient);
        return new EmbeddingSource(options.Model!, client.GetEmbeddingClient(options.Model!).AsIEmbeddingGenerator());
    }

    /// <summary>
    /// An OpenAI client for any OpenAI-compatible endpoint, sending through our named HttpClient (whose pipeline does
    /// the retries and timeouts), with the key as a bearer token or, when there is none, no Authorization header.
    /// </summary>
    private static OpenAIClient CreateClient(string endpoint, string? apiKey, HttpClient httpClient)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = EndpointRules.ToBase(endpoint),
            Transport = new HttpClientPipelineTransport(httpClient),
            // The named HttpClient's pipeline retries; the SDK's own retries would multiply the attempts.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        var hasKey = !string.IsNullOrWhiteSpace(apiKey);
        if (!hasKey)
        {
            // The SDK insists on a credential; local servers need none, so the header it would carry is removed.
            clientOptions.AddPolicy(new RemoveAuthorizationPolicy(), PipelinePosition.BeforeTransport);
        }

        return new OpenAIClient(new ApiKeyCredential(hasKey ? apiKey!.Trim() : "none"), clientOptions);
    }

    private sealed class LlmMarker;

    private sealed class RemoveAuthorizationPolicy : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Remove("Authorization");
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
