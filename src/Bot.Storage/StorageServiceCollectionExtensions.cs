using Bot.Core.Dashboard;
using Bot.Core.Diagnostics;
using Bot.Core.Inbox;
using Bot.Core.Stores;
using Bot.Knowledge.Embeddings;
using Bot.Storage.Database;
using Bot.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the persistent stores (processed updates and cursors, the inbox, answers, feedback, question log, channel settings,
    /// moderators) and embedding cache, replacing any in-memory ones registered before and winning over the TryAdds of
    /// <c>AddBotCore</c> and <c>AddKnowledge</c> called after. <see cref="StorageOptions"/> (section <c>Storage</c>) are
    /// bound and validated on start; the provider is read from them when the database is first used, so configuration
    /// added after this call counts. Also registers the retention service (question log, feedback) and the storage
    /// readiness check.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(StorageDatabase)))
        {
            return services;
        }

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new StorageLimits());
        services.AddSingleton<StorageDatabase>();

        services.Replace(ServiceDescriptor.Singleton<IProcessedUpdateStore, SqlProcessedUpdateStore>());
        services.Replace(ServiceDescriptor.Singleton<IAnswerStore, SqlAnswerStore>());
        services.Replace(ServiceDescriptor.Singleton<IFeedbackStore, SqlFeedbackStore>());
        services.Replace(ServiceDescriptor.Singleton<IQuestionLog, SqlQuestionLog>());
        services.Replace(ServiceDescriptor.Singleton<IChannelSettingsStore, SqlChannelSettingsStore>());
        services.Replace(ServiceDescriptor.Singleton<IModeratorStore, SqlModeratorStore>());
        services.Replace(ServiceDescriptor.Singleton<IEmbeddingCache, SqlEmbeddingCache>());
        services.Replace(ServiceDescriptor.Singleton<IInboxStore, SqlInboxStore>());
        services.Replace(ServiceDescriptor.Singleton<IDashboardStore, SqlDashboardStore>());
        services.Replace(ServiceDescriptor.Singleton<IDashboardQueries, SqlDashboardQueries>());
        services.AddHostedService<StorageRetentionService>();
        services.AddReadinessCheck<StorageHealthCheck>(StorageHealthCheck.Name);
        return services;
    }
}
