using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Bot.Core.Diagnostics;
using Bot.Host.Operations;
using Bot.Testing;
using Bot.Testing.FakeDiscord;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Bot.Host.Tests.Operations;

/// <summary>Discord's part in readiness and metrics: the real host against the fake Discord server.</summary>
public sealed class DiscordOperationsTests : IAsyncLifetime
{
    private FakeDiscordServer _fake = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { IdentifyWindow = TimeSpan.Zero });
        _host = await BotTestHost.Create().WithDiscord(_fake).StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Discord_is_ready_once_its_shard_is_connected()
    {
        await _fake.WaitForSessionsAsync(1);
        var probe = _host.Get<ReadinessProbe>();

        var discord = await WaitForDiscordAsync(probe, ready: true);

        discord.Detail.ShouldBe("1 shard(s) connected");
    }

    [Fact]
    public async Task A_reconnect_is_counted_and_readiness_recovers()
    {
        await _fake.WaitForSessionsAsync(1);
        var probe = _host.Get<ReadinessProbe>();
        await WaitForDiscordAsync(probe, ready: true);
        using var reconnects = new MetricCollector<long>(_host.Get<IMeterFactory>(), BotTelemetry.MeterName, "bot.gateway.reconnects");

        await _fake.RequestReconnectAsync();
        await _fake.WaitForSessionsAsync(1, resumed: 1);
        await reconnects.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));

        var m = reconnects.GetMeasurementSnapshot().ShouldHaveSingleItem();
        m.Tags[BotTelemetry.Tags.Platform].ShouldBe("discord");
        m.Tags[BotTelemetry.Tags.Shard].ShouldBe(0);
        (await WaitForDiscordAsync(probe, ready: true)).Ready.ShouldBeTrue();
    }

    [Fact]
    public async Task A_rate_limited_send_is_counted_by_route_template()
    {
        await _fake.WaitForSessionsAsync(1);
        using var limited = new MetricCollector<long>(_host.Get<IMeterFactory>(), BotTelemetry.MeterName, "bot.platform.rate_limited");
        _fake.ScriptRateLimit($"channels/{FakeDiscordServer.ChannelA}/messages", count: 1, retryAfterSeconds: 0.05);

        await _fake.SendUserMessageAsync(new FakeUserMessage(FakeDiscordServer.ChannelA, $"<@{_fake.Options.BotUserId}> When was Sora unveiled?", MentionBot: true));
        await limited.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));

        var m = limited.GetMeasurementSnapshot().ShouldHaveSingleItem();
        m.Tags[BotTelemetry.Tags.Platform].ShouldBe("discord");
        var route = m.Tags[BotTelemetry.Tags.Route].ShouldBeOfType<string>();
        route.ShouldStartWith("POST /channels/");
        route.ShouldNotContain(FakeDiscordServer.ChannelA);
    }

    /// <summary>Asks the probe until Discord reports the wanted state; bounded (the shard connects on loopback).</summary>
    private static async Task<ReadinessReport> WaitForDiscordAsync(ReadinessProbe probe, bool ready)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var discord = (await probe.CheckAsync(bound.Token)).Checks.Single(c => c.Name == "discord");
            if (discord.Ready == ready)
            {
                return discord;
            }

            await Task.Delay(20, bound.Token);
        }
    }
}
