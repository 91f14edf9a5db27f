using Bot.Core.Inbox;
using Bot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Storage.Tests;

/// <summary>
/// The inbox's leases and order, the same in memory, on SQLite and on PostgreSQL: one owner per item, an expired
/// lease taken over, a chat never overtaken by another owner, done items never handled again.
/// </summary>
public abstract class InboxContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private ServiceProvider? _services;

    private IInboxStore Inbox => (_services ?? throw new InvalidOperationException("Not initialized.")).GetRequiredService<IInboxStore>();

    public async Task InitializeAsync() => _services = await CreateServicesAsync();

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    protected abstract Task<ServiceProvider> CreateServicesAsync();

    [StorageFact]
    public async Task A_redelivered_item_is_not_recorded_twice_even_after_it_is_done()
    {
        (await Inbox.AddAsync(Item("1", "chat-a", "Sora ra mắt khi nào?"), "a", T0 + Lease)).ShouldBeTrue();
        (await Inbox.AddAsync(Item("1", "chat-a", "Sora ra mắt khi nào?"), "b", T0 + Lease)).ShouldBeFalse();
        await Inbox.CompleteAsync("telegram", "1", T0);

        (await Inbox.AddAsync(Item("1", "chat-a", "Sora ra mắt khi nào?"), "a", T0 + Lease)).ShouldBeFalse();
        (await Inbox.ClaimAsync("telegram", "c", T0.AddHours(1), T0.AddHours(2), 10)).ShouldBeEmpty();
    }

    [StorageFact]
    public async Task A_leased_item_is_taken_over_only_after_its_lease_ran_out_with_every_field_and_oldest_first()
    {
        var first = Item("1", "chat-a", "When did OpenAI release Sora 2?");
        var second = Item("2", "chat-b", "{\"update_id\":2,\"text\":\"Nvidia H20 là gì?\"}");
        await Inbox.AddAsync(first, "dead", T0 + Lease);
        await Inbox.AddAsync(second, "dead", T0 + Lease);

        (await Inbox.ClaimAsync("telegram", "new", T0.AddSeconds(10), T0.AddSeconds(40), 10)).ShouldBeEmpty();
        var claimed = await Inbox.ClaimAsync("telegram", "new", T0.AddSeconds(31), T0.AddSeconds(61), 10);

        claimed.ShouldBe([first, second]);
        (await Inbox.ClaimAsync("telegram", "third", T0.AddSeconds(32), T0.AddSeconds(62), 10)).ShouldBeEmpty();
        (await Inbox.ClaimAsync("discord", "new", T0.AddSeconds(31), T0.AddSeconds(61), 10)).ShouldBeEmpty();
    }

    [StorageFact]
    public async Task Renewing_keeps_an_item_and_releasing_hands_it_over_at_once()
    {
        await Inbox.AddAsync(Item("1", "chat-a", "q"), "alive", T0 + Lease);
        await Inbox.RenewAsync("telegram", "alive", T0.AddMinutes(5));
        (await Inbox.ClaimAsync("telegram", "other", T0.AddMinutes(1), T0.AddMinutes(2), 10)).ShouldBeEmpty();

        await Inbox.ReleaseAsync("telegram", "alive");

        (await Inbox.ClaimAsync("telegram", "other", T0.AddMinutes(1), T0.AddMinutes(2), 10)).Select(i => i.Id).ShouldBe(["1"]);
    }

    [StorageFact]
    public async Task A_chat_whose_older_item_another_live_owner_holds_is_not_overtaken_and_other_chats_are_not_held_up()
    {
        await Inbox.AddAsync(Item("1", "chat-a", "first in a"), "alive", T0.AddMinutes(10));
        await Inbox.AddAsync(Item("2", "chat-a", "second in a"), "dead", T0 + Lease);
        await Inbox.AddAsync(Item("3", "chat-b", "first in b"), "dead", T0 + Lease);

        var claimed = await Inbox.ClaimAsync("telegram", "new", T0.AddMinutes(1), T0.AddMinutes(2), 10);

        claimed.Select(i => i.Id).ShouldBe(["3"]);
    }

    [StorageFact]
    public async Task Two_owners_claiming_at_once_never_get_the_same_item_and_the_limit_holds()
    {
        for (var i = 1; i <= 40; i++)
        {
            await Inbox.AddAsync(Item(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "chat-" + i, "q" + i), "dead", T0 + Lease);
        }

        var now = T0.AddMinutes(1);
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(o => Inbox.ClaimAsync("telegram", "owner-" + o, now, now + Lease, 15).AsTask()));

        claims.ShouldAllBe(c => c.Count <= 15);
        var ids = claims.SelectMany(c => c.Select(i => i.Id)).ToList();
        ids.Count.ShouldBe(40);
        ids.Distinct().Count().ShouldBe(40);
    }

    private static InboxItem Item(string id, string chat, string payload) => new("telegram", id, chat, payload, T0);
}

public sealed class InMemoryInboxTests : InboxContractTests
{
    protected override Task<ServiceProvider> CreateServicesAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IInboxStore, InMemoryInboxStore>();
        return Task.FromResult(services.BuildServiceProvider());
    }
}

public sealed class SqliteInboxTests : InboxContractTests
{
    private readonly SqliteTarget _target = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _target.DisposeAsync();
    }

    protected override Task<ServiceProvider> CreateServicesAsync() => Task.FromResult(StorageServices.Build(_target.Settings));
}

[RequiresPostgres]
public sealed class PostgresInboxTests : InboxContractTests
{
    private PostgresTarget? _target;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    protected override async Task<ServiceProvider> CreateServicesAsync()
    {
        _target = await PostgresTarget.CreateAsync();
        return StorageServices.Build(_target.Settings);
    }
}
