using System.ComponentModel.DataAnnotations;

namespace Bot.Telegram;

/// <summary>How the bot receives updates from Telegram.</summary>
public enum TelegramMode
{
    /// <summary>Our own long-polling loop over <c>getUpdates</c>.</summary>
    Polling,

    /// <summary>Telegram posts updates to <c>POST /telegram/webhook</c> on the host's server.</summary>
    Webhook,
}

/// <summary>The <c>Telegram</c> configuration section. Telegram is on when <see cref="Token"/> is non-empty.</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Telegram";

    /// <summary>The public Bot API.</summary>
    public const string DefaultBaseUrl = "https://api.telegram.org";

    /// <summary>The bot token from BotFather (<c>123456:ABC...</c>). Empty: Telegram is off.</summary>
    public string? Token { get; set; }

    /// <summary>The Bot API server: scheme and host (and port) only.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>The public HTTPS address Telegram posts updates to (webhook mode).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The secret Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c> (webhook mode).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Long-poll wait of <c>getUpdates</c>, in seconds; kept below the HTTP client's timeout.</summary>
    [Range(0, 50, ErrorMessage = "Telegram:PollTimeoutSeconds must be between 0 and 50.")]
    public int PollTimeoutSeconds { get; set; } = 30;

    /// <summary>Timeout of every request other than the long poll's extra wait, in seconds.</summary>
    [Range(5, 300, ErrorMessage = "Telegram:RequestTimeoutSeconds must be between 5 and 300.")]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Minimum gap between two messages to one chat, in milliseconds (Telegram: about one per second).</summary>
    [Range(0, 60_000, ErrorMessage = "Telegram:PerChatIntervalMilliseconds must be between 0 and 60000.")]
    public int PerChatIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Messages per minute to one group or supergroup (Telegram: 20).</summary>
    [Range(1, 10_000, ErrorMessage = "Telegram:GroupMessagesPerMinute must be between 1 and 10000.")]
    public int GroupMessagesPerMinute { get; set; } = 20;

    /// <summary>Messages per second over all chats, spread evenly. Telegram allows about 30; 25 leaves headroom for network jitter.</summary>
    [Range(1, 10_000, ErrorMessage = "Telegram:GlobalMessagesPerSecond must be between 1 and 10000.")]
    public int GlobalMessagesPerSecond { get; set; } = 25;

    /// <summary>How often the typing action is renewed while an answer is prepared, in milliseconds.</summary>
    [Range(500, 5000, ErrorMessage = "Telegram:TypingIntervalMilliseconds must be between 500 and 5000.")]
    public int TypingIntervalMilliseconds { get; set; } = 4000;

    /// <summary>Attempts for one send when Telegram answers 5xx or the network fails.</summary>
    [Range(1, 20, ErrorMessage = "Telegram:MaxSendAttempts must be between 1 and 20.")]
    public int MaxSendAttempts { get; set; } = 6;

    /// <summary>First back-off delay after a 5xx or network failure, in milliseconds; doubles each attempt.</summary>
    [Range(1, 60_000, ErrorMessage = "Telegram:RetryBaseDelayMilliseconds must be between 1 and 60000.")]
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>Longest back-off delay, in milliseconds.</summary>
    [Range(1, 600_000, ErrorMessage = "Telegram:RetryMaxDelayMilliseconds must be between 1 and 600000.")]
    public int RetryMaxDelayMilliseconds { get; set; } = 30_000;

    /// <summary>Updates the webhook handler may hold before it answers 503 so Telegram redelivers later.</summary>
    [Range(1, 100_000, ErrorMessage = "Telegram:WebhookQueueCapacity must be between 1 and 100000.")]
    public int WebhookQueueCapacity { get; set; } = 1000;

    /// <summary>Chats handled at the same time (each chat's updates stay in order).</summary>
    [Range(1, 1000, ErrorMessage = "Telegram:MaxConcurrentChats must be between 1 and 1000.")]
    public int MaxConcurrentChats { get; set; } = 32;

    /// <summary>Registers the command menu with <c>setMyCommands</c> at start.</summary>
    public bool SetCommands { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);
}
