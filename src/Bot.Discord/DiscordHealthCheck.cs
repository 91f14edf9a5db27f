using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

/// <summary>
/// Discord for <c>/readyz</c>: ready when Discord is off or every shard of this process is connected; not ready while
/// connecting or reconnecting, or after Discord refused the bot for good.
/// </summary>
internal sealed class DiscordHealthCheck(IOptions<DiscordOptions> options, DiscordGatewayService gateway, DiscordFatalError fatal) : IHealthCheck
{
    public const string Name = "discord";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        if (!options.Value.Enabled)
        {
            return HealthCheckResult.Healthy(options.Value.HttpInteractionsEnabled ? "gateway off (no Discord:Token); HTTP interactions only" : "Discord is off");
        }

        if (fatal.Message is { } message)
        {
            return HealthCheckResult.Unhealthy(message);
        }

        var shards = gateway.RunningShards;
        if (shards.Count == 0)
        {
            return HealthCheckResult.Unhealthy("connecting to the gateway");
        }

        var down = shards.Where(s => !s.Connected).Select(s => s.ShardId).ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy($"{shards.Count} shard(s) connected")
            : HealthCheckResult.Unhealthy($"shard(s) {string.Join(", ", down)} of this process not connected");
    }
}
