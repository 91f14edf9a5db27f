using Bot.Knowledge.Embeddings;
using Bot.Knowledge.Loading;
using Bot.Knowledge.Search;
using Bot.Knowledge.SemanticKernel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Data;

namespace Bot.Knowledge;

public static class KnowledgeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the knowledge layer: <see cref="KnowledgeOptions"/> (section <c>Knowledge</c>, validated on start),
    /// <see cref="TimeProvider.System"/> if none, the live <see cref="IKnowledgeBase"/> and the hosted service that loads
    /// and watches it, <see cref="IKnowledgeRetriever"/> (fusing an <see cref="IVectorRanker"/> when one is registered),
    /// the in-memory <see cref="IEmbeddingCache"/>, the Semantic Kernel text search and the <c>knowledge</c> plugin.
    /// Uses TryAdd, so anything registered before wins. Calling it twice registers once.
    /// </summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(KnowledgeMarker)))
        {
            return services;
        }

        services.AddSingleton<KnowledgeMarker>();
        services.AddOptions<KnowledgeOptions>()
            .Bind(configuration.GetSection(KnowledgeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KnowledgeBase>();
        services.TryAddSingleton<IKnowledgeBase>(sp => sp.GetRequiredService<KnowledgeBase>());
        services.AddHostedService<KnowledgeHostedService>();
        services.TryAddSingleton<IKnowledgeRetriever, KnowledgeRetriever>();
        services.TryAddSingleton<IEmbeddingCache, InMemoryEmbeddingCache>();
        services.TryAddSingleton<KnowledgeTextSearch>();
        services.TryAddSingleton<ITextSearch<Model.KnowledgeSection>>(sp => sp.GetRequiredService<KnowledgeTextSearch>());
#pragma warning disable CS0618 // The non-generic ITextSearch is obsolete in SK 1.82 but still what SK's plugin helpers take.
        services.TryAddSingleton<ITextSearch>(sp => sp.GetRequiredService<KnowledgeTextSearch>());
#pragma warning restore CS0618
        services.AddSingleton<KernelPlugin>(sp => KnowledgePlugin.Create(sp.GetRequiredService<IKnowledgeRetriever>()));
        return services;
    }

    private sealed class KnowledgeMarker;
}
