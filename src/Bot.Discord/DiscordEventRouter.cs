using System.Text.Json;
using System.Threading.Channels;
using Bot.Core.Inbox;
using Bot.Discord.Gateway;
using Bot.Discord.Interactions;
using Bot.Discord.Messages;
using Bot.Discord.Model;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord;

/// <summary>
/// Takes dispatches off the receive loop. Interactions go to their own queue and are acknowledged first, so the
/// 3-second window holds even while every worker is busy answering; their answers go to the work queue. A message the
/// bot may answer is recorded in the inbox before the receive loop goes on, and answered from it: one channel's
/// messages in order, up to <c>Discord:Workers</c> channels at the same time.
/// </summary>
internal sealed class DiscordEventRouter : IGatewayEventSink, IDisposable
{
    private const int InteractionWorkers = 4;
    private const int Capacity = 10_000;
    private readonly Channel<WorkItem> _work = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly Channel<(DiscordInteraction Interaction, DateTimeOffset At)> _interactions = Channel.CreateUnbounded<(DiscordInteraction, DateTimeOffset)>();
    private readonly DiscordMessageHandler messages;
    private readonly DiscordInteractionHandler interactions;
    private readonly DiscordCommandRegistrar registrar;
    private readonly DiscordBotState state;
    private readonly DiscordFatalError fatal;
    private readonly TimeProvider time;
    private readonly IOptions<DiscordOptions> options;
    private readonly ILogger<DiscordEventRouter> logger;
    private readonly InboxProcessor _inbox;
    private IReadOnlyCollection<int> _localShards = [0];

    public DiscordEventRouter(
        DiscordMessageHandler messages,
        DiscordInteractionHandler interactions,
        DiscordCommandRegistrar registrar,
        DiscordBotState state,
        DiscordFatalError fatal,
        IInboxStore inbox,
        IOptions<InboxOptions> inboxOptions,
        TimeProvider time,
        IOptions<DiscordOptions> options,
        ILogger<DiscordEventRouter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inboxOptions);
        this.messages = messages;
        this.interactions = interactions;
        this.registrar = registrar;
        this.state = state;
        this.fatal = fatal;
        this.time = time;
        this.options = options;
        this.logger = logger;
        _inbox = new InboxProcessor(DiscordMessageHandler.Platform, inbox, inboxOptions.Value, options.Value.Workers, Capacity, HandleMessageAsync, time, logger);
    }

    /// <summary>The shards this process runs; only the one running shard 0 registers commands.</summary>
    public void SetLocalShards(IReadOnlyCollection<int> shards) => _localShards = shards;

    public async ValueTask OnDispatchAsync(int shardId, string eventName, JsonElement data, CancellationToken cancellationToken)
    {
        switch (eventName)
        {
            case "READY":
                state.BotUserId = data.Obj("user") is { } u ? Snowflake.Read(u, "id") : state.BotUserId;
                state.ApplicationId = data.Obj("application") is { } app ? Snowflake.Read(app, "id") : null;
                if (shardId == 0 && _localShards.Contains(0) && options.Value.RegisterCommands && state.ApplicationId is { } appId && state.TryBeginCommandRegistration())
                {
                    await _work.Writer.WriteAsync(new WorkItem(ct => registrar.EnsureAsync(appId, ct), "command registration"), cancellationToken);
                }

                break;
            case "GUILD_CREATE":
                state.RememberGuild(data);
                break;
            case "CHANNEL_CREATE" or "CHANNEL_UPDATE" or "THREAD_CREATE" or "THREAD_UPDATE":
                if (DiscordChannel.From(data) is { } channel)
                {
                    state.Remember(channel);
                }

                break;
            case "CHANNEL_DELETE" or "THREAD_DELETE":
                if (Snowflake.Read(data, "id") is { } gone)
                {
                    state.Forget(gone);
                }

                break;
            case "THREAD_LIST_SYNC":
                foreach (var t in data.Arr("threads"))
                {
                    if (DiscordChannel.From(t) is { } thread)
                    {
                        state.Remember(thread);
                    }
                }

                break;
            case "MESSAGE_CREATE":
                await AcceptMessageAsync(data, cancellationToken);
                break;
            case "INTERACTION_CREATE":
                if (DiscordInteraction.From(data) is { } interaction)
                {
                    await _interactions.Writer.WriteAsync((interaction, time.GetUtcNow()), cancellationToken);
                }

                break;
        }
    }

    /// <summary>
    /// HTTP mode: acknowledges through the callback route now (the caller then answers 202) and queues the answer.
    /// When the deferral was refused there, the caller defers in its HTTP response instead and queues the answer
    /// once that response is sent.
    /// </summary>
    public async Task<DiscordInteractionHandler.Acknowledgement> AcceptInteractionAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var result = await interactions.AcknowledgeOrReportAsync(interaction, cancellationToken);
        if (result == DiscordInteractionHandler.Acknowledgement.AnswerFollows)
        {
            await QueueAnswerAsync(interaction, at, cancellationToken);
        }

        return result;
    }

    /// <summary>Queues the slow part of a command (engine, edit, follow-ups).</summary>
    public ValueTask QueueAnswerAsync(DiscordInteraction interaction, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        _work.Writer.WriteAsync(new WorkItem(ct => interactions.AnswerAsync(interaction, receivedAt, ct), "interaction answer"), cancellationToken);

    /// <summary>
    /// The workers: one awaited task for all of them. Messages an earlier run left unfinished in the inbox are queued
    /// first; on stop, messages not answered yet stay there for the next start.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var inbox = await _inbox.StartAsync(cancellationToken, cancellationToken);
        var workers = Enumerable.Range(0, options.Value.Workers).Select(_ => WorkLoopAsync(cancellationToken));
        var acks = Enumerable.Range(0, InteractionWorkers).Select(_ => InteractionLoopAsync(cancellationToken));
        await Task.WhenAll(workers.Concat(acks).Append(inbox));
    }

    public void Dispose() => _inbox.Dispose();

    private async Task AcceptMessageAsync(JsonElement data, CancellationToken cancellationToken)
    {
        if (messages.ToInboxItem(data) is not { } item)
        {
            return;
        }

        try
        {
            await _inbox.AcceptAsync(item, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database failed: answer anyway, only without the guarantee of surviving a crash.
            logger.LogError("Discord message {MessageId} could not be recorded in the inbox ({ErrorType}: {Error}); answering it without", item.Id, e.GetType().Name, e.Message);
            var message = data.Clone();
            await _work.Writer.WriteAsync(new WorkItem(ct => messages.HandleAsync(message, ct), "message"), cancellationToken);
        }
    }

    private Task HandleMessageAsync(InboxItem item, CancellationToken cancellationToken) =>
        RunSafelyAsync("message", ct => messages.HandleAsync(item, ct), cancellationToken);

    private async Task WorkLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _work.Reader.ReadAllAsync(cancellationToken))
            {
                await RunSafelyAsync(item.What, item.Run, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task InteractionLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (interaction, at) in _interactions.Reader.ReadAllAsync(cancellationToken))
            {
                await RunSafelyAsync("interaction", async ct =>
                {
                    if (await interactions.AcknowledgeAsync(interaction, ct))
                    {
                        await _work.Writer.WriteAsync(new WorkItem(c => interactions.AnswerAsync(interaction, at, c), "interaction answer"), ct);
                    }
                }, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RunSafelyAsync(string what, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        try
        {
            await run(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (DiscordUnauthorizedException ex)
        {
            fatal.Fail(ex.Message);
        }
#pragma warning disable CA1031 // One bad event must never stop the workers: it is logged and the next one is handled.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Discord {What} failed", what);
        }
    }

    private sealed record WorkItem(Func<CancellationToken, Task> Run, string What);
}
