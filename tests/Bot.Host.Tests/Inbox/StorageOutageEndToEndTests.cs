using System.Net;
using Bot.Host.Tests.Telegram;
using Bot.Testing;
using Bot.Testing.FakeTelegram;
using Npgsql;

namespace Bot.Host.Tests.Inbox;

/// <summary>
/// A PostgreSQL outage under the real host on Telegram, played with a TCP proxy in front of the test server (the server
/// itself keeps running for everyone else): while the database is away the bot is not ready and takes no update it
/// cannot record, so the Telegram offset stays put; when it is back, every question sent meanwhile is answered once.
/// </summary>
[Collection(TelegramEndToEndCollection.Name)]
public sealed class StorageOutageEndToEndTests
{
    private static readonly FakeUser Sam = new(43, "Sam", "en");
    private static readonly FakeUser Lan = new(42, "Lan", "vi");

    [PostgresFact]
    public async Task During_an_outage_the_bot_is_not_ready_and_loses_nothing_and_answers_when_the_database_is_back()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var storage = await TestStorage.CreateAsync("Postgres");
        var direct = new NpgsqlConnectionStringBuilder(storage.Settings["Storage:ConnectionString"]);
        await using var proxy = TcpProxy.Start(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };
        await using var host = await BotTestHost.Create().WithTelegram(telegram).WithPostgres(viaProxy.ToString()).WithHttp().StartAsync();

        telegram.SendPrivate(Sam, "When did OpenAI release Sora 2?");
        await telegram.WaitForMessagesAsync(Sam.Id, timeout: TimeSpan.FromSeconds(60));
        (await ReadyAsync(host)).ShouldBeTrue();

        proxy.Cut();
        await TestBounds.UntilAsync(async () => !await ReadyAsync(host), "/readyz says not ready");
        var polls = telegram.RequestsFor("getUpdates").Count;
        var samAsks = telegram.Post(telegram.AddChat(Sam.Id, FakeChatType.Private), Sam, "What is Sora?")!.Value.MessageId;
        var lanAsks = telegram.Post(telegram.AddChat(Lan.Id, FakeChatType.Private), Lan, "Sora 2 ra mắt khi nào?")!.Value.MessageId;

        // The bot keeps polling, but without a database it records nothing, so Telegram keeps both updates for later.
        await TestBounds.UntilAsync(() => Task.FromResult(telegram.RequestsFor("getUpdates").Count >= polls + 3), "three more polls during the outage");
        telegram.PendingUpdateCount.ShouldBe(2);
        telegram.SentTo(Lan.Id).ShouldBeEmpty();
        (await ReadyAsync(host)).ShouldBeFalse();

        proxy.Restore();

        var samReply = (await telegram.WaitForMessagesAsync(Sam.Id, count: 2, timeout: TimeSpan.FromSeconds(90)))[1];
        var lanReply = (await telegram.WaitForMessagesAsync(Lan.Id, timeout: TimeSpan.FromSeconds(90))).ShouldHaveSingleItem();
        samReply.Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(samAsks);
        lanReply.Body["reply_parameters"]!["message_id"]!.GetValue<int>().ShouldBe(lanAsks);
        await TestBounds.UntilAsync(() => ReadyAsync(host), "/readyz says ready again");
        telegram.PendingUpdateCount.ShouldBe(0);
        host.Logs.All.ShouldContain("is available again");
        telegram.SentTo(Sam.Id).Count.ShouldBe(2);
    }

    private static async Task<bool> ReadyAsync(BotTestHost host)
    {
        using var response = await host.Http.GetAsync(new Uri("readyz", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.OK;
    }
}
