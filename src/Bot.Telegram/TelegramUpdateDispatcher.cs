using System.Globalization;
using System.Text.Json;
using Bot.Core.Inbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// Telegram's side of the inbox. An update is recorded (as Telegram sent it) before its offset is confirmed or its
/// webhook request answered, then handled from the inbox: one chat's updates strictly in order, up to
/// <c>Telegram:MaxConcurrentChats</c> chats at the same time, each update id once even when Telegram delivers it again.
/// At most <c>Telegram:WebhookQueueCapacity</c> updates wait or run: polling pauses, a webhook answers 503.
/// A fault in one update is logged and never stops the others.
/// </summary>
internal sealed class TelegramUpdateDispatcher : IDisposable
{
    private readonly TelegramUpdateHandler _handler;
    private readonly TelegramStatus _status;
    private readonly TimeProvider _time;
    private readonly InboxProcessor _processor;

    public TelegramUpdateDispatcher(
        TelegramUpdateHandler handler,
        IInboxStore inbox,
        TelegramStatus status,
        IOptions<TelegramOptions> options,
        IOptions<InboxOptions> inboxOptions,
        TimeProvider time,
        ILogger<TelegramUpdateDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inboxOptions);
        _handler = handler;
        _status = status;
        _time = time;
        var o = options.Value;
        _processor = new InboxProcessor(TelegramConstants.Platform, inbox, inboxOptions.Value, o.MaxConcurrentChats, o.WebhookQueueCapacity, HandleAsync, time, logger);
    }

    /// <summary>Updates waiting or being handled.</summary>
    public int Pending => _processor.Pending;

    /// <summary>Claims what an earlier run left unfinished, then handles updates until <paramref name="stopping"/> (see <see cref="InboxProcessor.StartAsync"/>).</summary>
    public Task<Task> StartAsync(CancellationToken stopping, CancellationToken abandon) => _processor.StartAsync(stopping, abandon);

    /// <summary>Records and queues an update, waiting while the queue is full. False for one recorded before.</summary>
    public ValueTask<bool> AcceptAsync(Update update, CancellationToken cancellationToken) => _processor.AcceptAsync(ToItem(update), cancellationToken);

    /// <summary>Records and queues an update; null when the queue is full.</summary>
    public ValueTask<bool?> TryAcceptAsync(Update update, CancellationToken cancellationToken) => _processor.TryAcceptAsync(ToItem(update), cancellationToken);

    public void Dispose() => _processor.Dispose();

    private InboxItem ToItem(Update update)
    {
        ArgumentNullException.ThrowIfNull(update);

        // Update ids are counted per bot: the id names the bot, so a database shared by two bots never mixes them.
        var id = string.Create(CultureInfo.InvariantCulture, $"{_status.Me?.Id ?? 0}:{update.Id}");
        var chat = TelegramUpdateMapper.ChatOf(update)?.ToString(CultureInfo.InvariantCulture) ?? "-";
        return new InboxItem(TelegramConstants.Platform, id, chat, JsonSerializer.Serialize(update, JsonBotAPI.Options), _time.GetUtcNow());
    }

    private Task HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var update = JsonSerializer.Deserialize<Update>(item.Payload, JsonBotAPI.Options)
            ?? throw new JsonException("The inbox item is not a Telegram update.");
        return _handler.HandleAsync(update, cancellationToken);
    }
}
