using Bot.Core.Diagnostics;
using Bot.Discord.Gateway;
using Bot.Discord.Model;
using Bot.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

/// <summary>
/// Runs the adapter: checks the token with <c>GET /gateway/bot</c> while the host starts (a rejected token stops
/// the host with exit code 1 and a critical log line naming <c>Discord:Token</c>), then runs the event workers and this process's shards until the host stops.
/// </summary>
internal sealed class DiscordGatewayService(
    IOptions<DiscordOptions> options,
    DiscordRestClient rest,
    DiscordEventRouter router,
    IGatewayTransportFactory transports,
    DiscordFatalError fatal,
    TimeProvider time,
    DiscordRandom random,
    ILoggerFactory loggers,
    BotMetrics? metrics = null) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<DiscordGatewayService>();
    private GatewayInfo? _info;
    private readonly List<GatewayShard> _shards = [];

    private volatile GatewayShard[] _running = [];

    internal IReadOnlyList<GatewayShard> Shards => _shards;

    /// <summary>This process's shards once they are created (for readiness; empty before).</summary>
    internal IReadOnlyList<GatewayShard> RunningShards => _running;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled && !o.HttpInteractionsEnabled)
        {
            return;
        }

        if (o.Enabled)
        {
            try
            {
                _info = await FetchGatewayAsync(cancellationToken);
            }
            catch (DiscordUnauthorizedException ex)
            {
                // A rejected token stops the host with a non-zero exit code; nothing else of Discord runs.
                fatal.Fail(ex.Message);
                return;
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var workers = router.RunAsync(running.Token);
        try
        {
            if (options.Value.Enabled)
            {
                await RunShardsAsync(running.Token);
            }

            await workers;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        catch (GatewayFatalException ex)
        {
            fatal.Fail(ex.Message, null);
        }
        catch (DiscordUnauthorizedException ex)
        {
            fatal.Fail(ex.Message, null);
        }
        finally
        {
            await running.CancelAsync();
            try
            {
                await workers;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
    }

    private async Task RunShardsAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        for (var failures = 1; _info is null; failures++)
        {
            try
            {
                _info = await FetchGatewayAsync(cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                _logger.LogWarning(ex, "Discord GET /gateway/bot failed; retrying");
            }

            if (_info is null)
            {
                // The same backoff as a failed gateway connection, and never more often than once a second.
                var delay = GatewayShard.ReconnectDelay(failures, o, random.Random);
                await Task.Delay(delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay, time, cancellationToken);
            }
        }

        var count = o.ShardCount ?? _info.RecommendedShards;
        var ids = o.ShardIds.Count > 0 ? o.ShardIds : Enumerable.Range(0, count).ToList();
        router.SetLocalShards(ids.ToHashSet());
        var gate = new IdentifyGate(time, TimeSpan.FromSeconds(o.IdentifyWindowSeconds)) { MaxConcurrency = _info.MaxConcurrency };
        var intents = o.Intents;
        _logger.LogInformation("Discord: running shards [{ShardIds}] of {ShardCount} (max_concurrency {MaxConcurrency}, intents {Intents})", string.Join(",", ids), count, _info.MaxConcurrency, intents);
        foreach (var id in ids)
        {
            _shards.Add(new GatewayShard(
                new GatewayShardSettings(o.Token!.Trim(), intents, id, count, _info.Url, o),
                transports,
                router,
                gate,
                time,
                random.Random,
                loggers.CreateLogger("Bot.Discord.Gateway.GatewayShard"))
            {
                Reconnecting = metrics is null ? null : shard => metrics.GatewayReconnected("discord", shard),
            });
        }

        _running = [.. _shards];

        using var shardsRunning = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = _shards.Select(s => s.RunAsync(shardsRunning.Token)).ToList();
        try
        {
            var first = await Task.WhenAny(tasks);
            await first;
        }
        finally
        {
            await shardsRunning.CancelAsync();
            try
            {
                await Task.WhenAll(tasks);
            }
            catch (OperationCanceledException)
            {
                // Stopped with the others.
            }
            catch (GatewayFatalException)
            {
                // Already reported by the first one.
            }
        }
    }

    /// <summary>GET /gateway/bot: URL, recommended shards, identify concurrency. Null when it failed for a reason other than the token.</summary>
    private async Task<GatewayInfo?> FetchGatewayAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var response = await rest.GetGatewayBotAsync(cancellationToken);
        Uri? url = Uri.TryCreate(o.GatewayUrl, UriKind.Absolute, out var configured) ? configured : null;
        if (response.IsSuccess && response.Body is { } body)
        {
            if (url is null && body.Str("url") is { } u && Uri.TryCreate(u, UriKind.Absolute, out var fromDiscord))
            {
                url = fromDiscord;
            }

            var limit = body.Obj("session_start_limit");
            if (limit?.Int("remaining") is 0)
            {
                _logger.LogWarning("Discord: no identifies left today (session_start_limit.remaining = 0); resets in {ResetMs} ms", limit?.Long("reset_after"));
            }

            if (url is not null)
            {
                return new GatewayInfo(url, Math.Max(1, body.Int("shards") ?? 1), Math.Max(1, limit?.Int("max_concurrency") ?? 1));
            }
        }

        if (url is not null)
        {
            _logger.LogWarning("Discord GET /gateway/bot answered {Status}; using Discord:GatewayUrl with {Shards} shard(s)", (int)response.Status, o.ShardCount ?? 1);
            return new GatewayInfo(url, 1, 1);
        }

        _logger.LogWarning("Discord GET /gateway/bot answered {Status}", (int)response.Status);
        return null;
    }

    private sealed record GatewayInfo(Uri Url, int RecommendedShards, int MaxConcurrency);
}
