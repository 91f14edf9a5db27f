using System.Collections.Concurrent;
using System.Text.Json;
using Bot.Discord.Model;
using Bot.Discord.Rest;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

/// <summary>What the adapter learns while running: who the bot is, its application, and which channels are threads.</summary>
internal sealed class DiscordBotState(IOptions<DiscordOptions> options)
{
    private const int MaxChannels = 200_000;
    private readonly ConcurrentDictionary<Snowflake, DiscordChannel> _channels = new();
    private Snowflake? _applicationId = Snowflake.TryParse(options.Value.ApplicationId, out var id) ? id : null;
    private int _registered;
    private const int MaxSentRemembered = 50_000;
    private readonly ConcurrentDictionary<Snowflake, byte> _sent = new();
    private readonly ConcurrentQueue<Snowflake> _sentOrder = new();

    public Snowflake? BotUserId { get; set; }

    /// <summary>
    /// Whether the bot receives the text of every guild message: <c>Discord:Intents</c> holds GuildMessages and the
    /// privileged MessageContent intent (which must also be enabled in the developer portal).
    /// </summary>
    public bool SeesMessageContent { get; } =
        options.Value.Intents.HasFlag(Gateway.GatewayIntents.MessageContent) && options.Value.Intents.HasFlag(Gateway.GatewayIntents.GuildMessages);

    public Snowflake? ApplicationId
    {
        get => _applicationId;
        set => _applicationId ??= value;
    }

    /// <summary>True the first time it is called: commands are registered once per process.</summary>
    public bool TryBeginCommandRegistration() => Interlocked.Exchange(ref _registered, 1) == 0;

    /// <summary>Remembers a message the bot sent, so a reply to it is recognised even without <c>referenced_message</c>.</summary>
    public void RememberSent(Snowflake messageId)
    {
        if (_sent.TryAdd(messageId, 0))
        {
            _sentOrder.Enqueue(messageId);
            while (_sentOrder.Count > MaxSentRemembered && _sentOrder.TryDequeue(out var old))
            {
                _sent.TryRemove(old, out _);
            }
        }
    }

    public bool SentByBot(Snowflake messageId) => _sent.ContainsKey(messageId);

    public void Remember(DiscordChannel channel)
    {
        if (_channels.Count < MaxChannels || _channels.ContainsKey(channel.Id))
        {
            _channels[channel.Id] = channel;
        }
    }

    public void Forget(Snowflake channelId) => _channels.TryRemove(channelId, out _);

    public DiscordChannel? Channel(Snowflake id) => _channels.TryGetValue(id, out var c) ? c : null;

    /// <summary>Learns channels and threads from GUILD_CREATE.</summary>
    public void RememberGuild(JsonElement guild)
    {
        var guildId = Snowflake.Read(guild, "id");
        foreach (var c in guild.Arr("channels").Concat(guild.Arr("threads")))
        {
            if (DiscordChannel.From(c) is { } channel)
            {
                Remember(channel with { GuildId = channel.GuildId ?? guildId });
            }
        }
    }

    /// <summary>
    /// The chat a channel belongs to: a thread counts as its parent channel (chat) plus the thread (thread id).
    /// Unknown guild channels are looked up once.
    /// </summary>
    public async Task<(string ChatId, string? ThreadId)> ResolveAsync(Snowflake channelId, Snowflake? guildId, DiscordRestClient rest, CancellationToken cancellationToken)
    {
        var channel = Channel(channelId);
        if (channel is null && guildId is not null)
        {
            var response = await rest.GetChannelAsync(channelId, cancellationToken);
            if (response.IsSuccess && response.Body is { } body && DiscordChannel.From(body) is { } fetched)
            {
                channel = fetched;
            }
            else
            {
                channel = new DiscordChannel(channelId, 0, null, guildId);
            }

            Remember(channel);
        }

        return channel is { IsThread: true, ParentId: { } parent } ? (parent.ToString(), channelId.ToString()) : (channelId.ToString(), null);
    }
}
