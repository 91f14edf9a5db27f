using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>The bounded queue between the webhook handler (which answers at once) and the service that drains it.</summary>
internal sealed class TelegramWebhookQueue
{
    private readonly Channel<Update> _channel;

    public TelegramWebhookQueue(IOptions<TelegramOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = Channel.CreateBounded<Update>(new BoundedChannelOptions(options.Value.WebhookQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    public ChannelReader<Update> Reader => _channel.Reader;

    /// <summary>False when the queue is full or closed: the caller answers 503 so Telegram delivers it again later.</summary>
    public bool TryEnqueue(Update update) => _channel.Writer.TryWrite(update);

    public void Close() => _channel.Writer.TryComplete();
}
