using Bot.Core.Stores;
using Bot.Storage.Database;
using Bot.Storage.Tests.Infrastructure;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Bot.Storage.Tests;

/// <summary>
/// A database outage, played with a TCP proxy in front of the test PostgreSQL server (the server itself keeps running):
/// not ready during the outage, a write made during it is retried and kept, ready again after, with no restart.
/// </summary>
[RequiresPostgres]
public sealed class StorageOutageTests : IAsyncLifetime
{
    private PostgresTarget _target = null!;
    private TcpProxy _proxy = null!;
    private ServiceProvider _services = null!;
    private readonly CapturingLoggerProvider _logs = new();

    public async Task InitializeAsync()
    {
        _target = (PostgresTarget)await StorageTarget.CreateAsync(StorageProvider.Postgres);
        var direct = new NpgsqlConnectionStringBuilder(_target.ConnectionString);
        _proxy = TcpProxy.Start(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(_target.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port, Timeout = 3 };
        _services = StorageServices.Build(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = viaProxy.ToString(),
        }, _logs, s => s.AddHealthChecks());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _proxy.DisposeAsync();
        await _target.DisposeAsync();
    }

    [StorageFact]
    public async Task During_an_outage_storage_is_not_ready_a_write_is_retried_and_kept_and_readiness_returns_by_itself()
    {
        var settings = _services.GetRequiredService<IChannelSettingsStore>();
        var database = _services.GetRequiredService<StorageDatabase>();
        await settings.SaveAsync(Settings("before", ChannelMode.All));
        (await StorageReadyAsync()).ShouldBeTrue();
        _proxy.Forwarded.ShouldBeGreaterThan(0);

        _proxy.Cut();
        (await StorageReadyAsync()).ShouldBeFalse();
        (await StorageReadyAsync()).ShouldBeFalse();
        database.IsAvailable.ShouldBeFalse();

        // A write during the outage: its first attempt fails, and it is retried with backoff while the database is back.
        var failedOpens = FailedOpens();
        var during = settings.SaveAsync(Settings("during", ChannelMode.Commands)).AsTask();
        await WaitUntilAsync(() => FailedOpens() > failedOpens);
        during.IsCompleted.ShouldBeFalse();
        _proxy.Restore();
        await during.WaitAsync(TimeSpan.FromSeconds(30));

        (await StorageReadyAsync()).ShouldBeTrue();
        database.IsAvailable.ShouldBeTrue();
        (await settings.GetAsync("discord", "before"))!.Mode.ShouldBe(ChannelMode.All);
        (await settings.GetAsync("discord", "during"))!.Mode.ShouldBe(ChannelMode.Commands);
        _logs.Lines.ShouldContain(l => l.Text.Contains("is available again", StringComparison.Ordinal));
        _logs.Lines.ShouldNotContain(l => l.Text.Contains(new NpgsqlConnectionStringBuilder(_target.ConnectionString).Password!, StringComparison.Ordinal));
    }

    [StorageFact]
    public async Task A_write_during_a_long_outage_fails_with_storage_unavailable_instead_of_landing_in_memory()
    {
        var settings = _services.GetRequiredService<IChannelSettingsStore>();
        await settings.SaveAsync(Settings("before", ChannelMode.All));

        _proxy.Cut();

        // The pooled connection broken by the outage fails its command, is dropped, and a new one fails to open (after
        // the open retries): the write fails, the same way twice.
        var failure = await Record.ExceptionAsync(() => settings.SaveAsync(Settings("lost?", ChannelMode.Commands)).AsTask());
        failure.ShouldBeOfType<StorageUnavailableException>();
        var second = await Record.ExceptionAsync(() => settings.SaveAsync(Settings("lost?", ChannelMode.Commands)).AsTask());
        second.ShouldBeOfType<StorageUnavailableException>();
        _proxy.Restore();

        (await settings.GetAsync("discord", "lost?")).ShouldBeNull();
        (await StorageReadyAsync()).ShouldBeTrue();
    }

    [StorageFact]
    public async Task The_first_command_after_the_database_restarted_succeeds_on_a_new_connection()
    {
        var settings = _services.GetRequiredService<IChannelSettingsStore>();
        await settings.SaveAsync(Settings("before", ChannelMode.All));
        await settings.SaveAsync(Settings("before", ChannelMode.All)); // the connection went back to the pool
        var forwarded = _proxy.Forwarded;

        // A restart: every connection the pool holds is closed by the other side, and the server answers again.
        _proxy.Cut();
        _proxy.Restore();

        (await settings.GetAsync("discord", "before"))!.Mode.ShouldBe(ChannelMode.All);
        await settings.SaveAsync(Settings("after", ChannelMode.Commands));
        (await settings.GetAsync("discord", "after"))!.Mode.ShouldBe(ChannelMode.Commands);
        _proxy.Forwarded.ShouldBeGreaterThan(forwarded); // a new connection was made
        _logs.Lines.ShouldContain(l => l.Text.Contains("was dead", StringComparison.Ordinal));
        _services.GetRequiredService<StorageDatabase>().IsAvailable.ShouldBeTrue();
    }

    private int FailedOpens() => _logs.Lines.Count(l => l.Text.Contains("still unavailable", StringComparison.Ordinal));

    private async Task<bool> StorageReadyAsync()
    {
        var report = await _services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "storage");
        return report.Entries["storage"].Status == HealthStatus.Healthy;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, bound.Token);
        }
    }

    private static ChannelSettings Settings(string chat, ChannelMode mode) =>
        new("discord", chat, true, mode, null, 0, "admin", DateTimeOffset.UnixEpoch);
}
