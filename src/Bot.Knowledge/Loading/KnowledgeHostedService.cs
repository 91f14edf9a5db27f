using Microsoft.Extensions.Hosting;

namespace Bot.Knowledge.Loading;

/// <summary>Starts the knowledge base with the host (the first load happens before the host reports started) and keeps it fresh.</summary>
internal sealed class KnowledgeHostedService(KnowledgeBase knowledgeBase) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await knowledgeBase.StartAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => knowledgeBase.RunAsync(stoppingToken);
}
