using Bot.Core.Admin;
using Bot.Core.Answering;
using Bot.Core.Dashboard;
using Bot.Core.Diagnostics;
using Bot.Core.Engine;
using Bot.Core.Llm;
using Bot.Core.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Bot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The inbox options (<c>Storage:InboxMaxAgeMinutes</c>, <c>Storage:InboxLeaseSeconds</c>, validated at start) and,
    /// unless storage registered a database one, the in-memory inbox. Adapters call it too, so they run on their own.
    /// </summary>
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(InboxRegistered)))
        {
            return services;
        }

        services.AddSingleton<InboxRegistered>();
        services.AddOptions<Inbox.InboxOptions>()
            .BindConfiguration(Inbox.InboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<Inbox.IInboxStore, Inbox.InMemoryInboxStore>();
        return services;
    }

    /// <summary>
    /// Registers the engine, the default (extractive) answerer and follow-up rewriter, and the in-memory stores.
    /// Uses TryAdd throughout, so a host or a test can replace any part by registering it first.
    /// </summary>
    public static IServiceCollection AddBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BotOptions>()
            .BindConfiguration(BotOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<BotOptions>, BotOptionsValidation>());

        // The model (when Llm:Endpoint is set) wraps the defaults below; it decides at resolve time.
        services.AddLlm(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Random.Shared);

        services.TryAddSingleton<IProcessedUpdateStore, InMemoryProcessedUpdateStore>();
        services.TryAddSingleton<IAnswerStore, InMemoryAnswerStore>();
        services.TryAddSingleton<IFeedbackStore, InMemoryFeedbackStore>();
        services.TryAddSingleton<IQuestionLog, InMemoryQuestionLog>();
        services.TryAddSingleton<IChannelSettingsStore, InMemoryChannelSettingsStore>();
        services.TryAddSingleton<IModeratorStore, InMemoryModeratorStore>();
        services.TryAddSingleton<IDashboardStore, InMemoryDashboardStore>();
        services.TryAddSingleton<IDashboardQueries, InMemoryDashboardQueries>();
        services.TryAddSingleton<IDashboardAddress, NoDashboardAddress>();
        services.TryAddSingleton<DashboardLinks>();
        services.AddInbox();

        services.TryAddSingleton<ExtractiveAnswerer>();
        services.TryAddSingleton<KeyTermQueryRewriter>();
        services.TryAddSingleton<IAnswerer>(sp => sp.GetRequiredService<ExtractiveAnswerer>());
        services.TryAddSingleton<IQueryRewriter>(sp => sp.GetRequiredService<KeyTermQueryRewriter>());

        services.TryAddSingleton<Roles>();
        services.TryAddSingleton<RateLimiter>();
        services.TryAddSingleton<ChannelPolicy>();
        services.TryAddSingleton<Admin.AdminCommands>();
        // Metrics (meter "Bot") and readiness: the knowledge check is the core's; adapters and storage add theirs.
        services.AddMetrics();
        services.TryAddSingleton<BotMetrics>();
        services.TryAddSingleton<RuntimeCounters>();
        services.TryAddSingleton<IRuntimeStatus>(sp => sp.GetRequiredService<RuntimeCounters>());
        services.AddReadinessCheck<KnowledgeReadinessCheck>(KnowledgeReadinessCheck.Name);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KnowledgeMetricsService>());

        // The engine routes; a question becomes evidence in the pipeline; the recorder keeps outcomes and feedback.
        services.TryAddSingleton<Language.LanguageJudge>();
        services.TryAddSingleton<EvidencePipeline>();
        services.TryAddSingleton<AnswerRecorder>();
        services.TryAddSingleton<InfoCommands>();
        services.TryAddSingleton<ReplyComposer>();
        services.TryAddSingleton<AnswerFollowUps>();
        services.TryAddSingleton<IBotEngine, BotEngine>();
        return services;
    }

    /// <summary>Marks <see cref="AddInbox"/> as done.</summary>
    private sealed class InboxRegistered;
}
