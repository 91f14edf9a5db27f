using Bot.Core.Diagnostics;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

/// <summary>
/// Discord for <c>/readyz</c>: ready when Discord is off or every shard of this process is connected; not ready while
/// connecting or reconnecting, or after Discord refused the bot for good.
/// </summary>
internal sealed class DiscordReadinessCheck(IOptions<DiscordOptions> options, DiscordGatewayService gateway, DiscordFatalError fatal) : IReadinessCheck
{
    public string Name => "discord";

    public ValueTask<ReadinessReport> CheckAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Check());

    private ReadinessReport Check()
    {
        if (!options.Value.Enabled)
        {
            return ReadinessReport.IsReady(Name, options.Value.HttpInteractionsEnabled ? "gateway off (no Discord:Token); HTTP interactions only" : "Discord is off");
        }

        if (fatal.Message is { } message)
        {
            return ReadinessReport.NotReady(Name, message);
        }

        var shards = gateway.RunningShards;
        if (shards.Count == 0)
        {
            return ReadinessReport.NotReady(Name, "connecting to the gateway");
        }

        var down = shards.Where(s => !s.Connected).Select(s => s.ShardId).ToList();
        return down.Count == 0
            ? ReadinessReport.IsReady(Name, $"{shards.Count} shard(s) connected")
            : ReadinessReport.NotReady(Name, $"shard(s) {string.Join(", ", down)} of this process not connected");
    }
}
