using Bot.Core.Engine;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Discord.Model;
using Bot.Discord.Rendering;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Interactions;

/// <summary>
/// Slash commands and feedback buttons, received over the gateway or the HTTP endpoint. The first response goes
/// out at once (deferred for commands, so the 3-second window is always met); the answer then edits the original
/// response and the rest arrives as follow-ups within the 15-minute token lifetime.
/// </summary>
/// <remarks>https://discord.com/developers/docs/interactions/receiving-and-responding</remarks>
internal sealed class DiscordInteractionHandler(
    IBotEngine engine,
    IProcessedUpdateStore processed,
    DiscordRestClient rest,
    DiscordBotState state,
    TimeProvider time,
    ILogger<DiscordInteractionHandler> logger)
{
    public enum Acknowledgement
    {
        /// <summary>Fully handled (a button, an unknown command, a repeat).</summary>
        Handled,

        /// <summary>Deferred: the answer follows through <see cref="AnswerAsync"/>.</summary>
        AnswerFollows,

        /// <summary>A command Discord did not let us defer through the callback route.</summary>
        DeferralRefused,
    }

    public const int Pong = 1;
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);
    private static readonly string[] Commands = ["ask", "help", "sources", "channel", "kb", "moderators", "dashboard"];

    /// <summary>
    /// Admin and moderator commands, <c>/dashboard</c> included: deferred ephemerally, so only the one who ran them
    /// sees the outcome.
    /// </summary>
    internal static bool IsAdminCommand(string? name) => name is "channel" or "kb" or "moderators" or "dashboard";

    /// <summary>
    /// The fast part: acknowledges the interaction. Returns true when an answer must follow
    /// (<see cref="AnswerAsync"/>), false when the interaction is fully handled.
    /// </summary>
    public async Task<bool> AcknowledgeAsync(DiscordInteraction interaction, CancellationToken cancellationToken) =>
        await AcknowledgeOrReportAsync(interaction, cancellationToken) == Acknowledgement.AnswerFollows;

    /// <summary>Like <see cref="AcknowledgeAsync"/>, telling apart a command whose deferral Discord refused.</summary>
    public async Task<Acknowledgement> AcknowledgeOrReportAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        if (!await processed.TryMarkAsync(DiscordMessageHandlerPlatform, "interaction:" + interaction.Id, cancellationToken))
        {
            return Acknowledgement.Handled;
        }

        switch (interaction.Type)
        {
            case DiscordInteraction.ApplicationCommand when interaction.CommandName is { } name && Commands.Contains(name, StringComparer.Ordinal):
                var deferred = await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, DeferredChannelMessage,
                    new OutgoingMessage(null, Flags: IsAdminCommand(name) ? OutgoingMessage.Ephemeral : 0), cancellationToken);
                if (!deferred.IsSuccess && deferred.ErrorCode != 40060)
                {
                    logger.LogWarning("Discord interaction {InteractionId} could not be acknowledged ({Status}, code {Code})", interaction.Id, (int)deferred.Status, deferred.ErrorCode);
                    return Acknowledgement.DeferralRefused;
                }

                return Acknowledgement.AnswerFollows;
            case DiscordInteraction.ApplicationCommand:
                await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, ChannelMessage,
                    new OutgoingMessage(IsVietnamese(interaction) ? "Lệnh này không có." : "Unknown command.", Flags: OutgoingMessage.Ephemeral), cancellationToken);
                return Acknowledgement.Handled;
            case DiscordInteraction.MessageComponent when interaction.CustomId == DiscordRenderer.SourcesId:
                await SourcesAsync(interaction, cancellationToken);
                return Acknowledgement.Handled;
            case DiscordInteraction.MessageComponent when interaction.CustomId is { } customId && customId.StartsWith(DiscordRenderer.FeedbackPrefix + ":", StringComparison.Ordinal):
                await FeedbackAsync(interaction, customId, cancellationToken);
                return Acknowledgement.Handled;
            default:
                return Acknowledgement.Handled;
        }
    }

    /// <summary>The slow part: asks the engine, then edits the deferred response and sends follow-ups.</summary>
    public async Task AnswerAsync(DiscordInteraction interaction, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if ((interaction.ApplicationId ?? state.ApplicationId) is not { } applicationId || interaction.User is not { } user)
        {
            logger.LogWarning("Discord interaction {InteractionId} has no application or user id; cannot answer", interaction.Id);
            return;
        }

        var incoming = ToIncoming(interaction, user);
        logger.LogDebug("Discord /{Command} {InteractionId} in {ChannelId} from {UserId}: {Text}", interaction.CommandName, interaction.Id, interaction.ChannelId, user.Id, incoming.Text);
        var reply = await engine.HandleAsync(incoming, cancellationToken);
        if (time.GetUtcNow() - receivedAt > TokenLifetime - TimeSpan.FromSeconds(10))
        {
            logger.LogWarning("Discord interaction {InteractionId}: the 15-minute token expired before the answer was ready", interaction.Id);
            return;
        }

        if (reply is null)
        {
            await rest.DeleteOriginalResponseAsync(applicationId, interaction.Token, cancellationToken);
            return;
        }

        var messages = DiscordRenderer.Render(reply);
        if (reply.Sensitive)
        {
            // A sign-in link (embeds already suppressed by the renderer): only the asker may see it.
            messages = [.. messages.Select(m => m with { Flags = m.Flags | OutgoingMessage.Ephemeral })];
        }

        var ephemeralFollowups = false;
        if (reply.OnlyAsker && !IsAdminCommand(interaction.CommandName))
        {
            // The deferral was public; a notice only the asker may see goes out as ephemeral follow-ups instead.
            await rest.DeleteOriginalResponseAsync(applicationId, interaction.Token, cancellationToken);
            messages = [.. messages.Select(m => m with { Components = null, Flags = m.Flags | OutgoingMessage.Ephemeral })];
            ephemeralFollowups = true;
        }

        var sent = new List<string>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var response = i == 0 && !ephemeralFollowups
                ? await EditOriginalAsync(applicationId, interaction.Token, messages[i], cancellationToken)
                : await rest.CreateFollowupAsync(applicationId, interaction.Token, messages[i], cancellationToken);
            if (!response.IsSuccess)
            {
                logger.LogWarning("Discord answer to interaction {InteractionId} stopped at part {Part} of {Parts} ({Status}, code {Code})", interaction.Id, i + 1, messages.Count, (int)response.Status, response.ErrorCode);
                break;
            }

            if (response.Id is { } id)
            {
                state.RememberSent(id);
                sent.Add(id.ToString());
            }
        }

        foreach (var id in sent)
        {
            await engine.RecordSentAsync(incoming, reply, id, cancellationToken);
        }
    }

    /// <summary>
    /// Edits the deferred response. Right after an inline (HTTP response) deferral Discord may not know the response
    /// yet (10015 Unknown Webhook): a few short retries cover that.
    /// </summary>
    private async Task<DiscordResponse> EditOriginalAsync(Snowflake applicationId, string token, OutgoingMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await rest.EditOriginalResponseAsync(applicationId, token, message, cancellationToken);
            if (response.IsSuccess || response.ErrorCode != 10015 || attempt == 4)
            {
                return response;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), time, cancellationToken);
        }
    }

    private const string DiscordMessageHandlerPlatform = Messages.DiscordMessageHandler.Platform;

    private IncomingMessage ToIncoming(DiscordInteraction interaction, DiscordUser user)
    {
        var channel = interaction.Channel ?? (interaction.ChannelId is { } cid ? state.Channel(cid) : null);
        if (channel is not null && interaction.Channel is not null)
        {
            state.Remember(channel with { GuildId = channel.GuildId ?? interaction.GuildId });
        }

        var channelId = interaction.ChannelId?.ToString() ?? user.Id.ToString();
        var (chatId, threadId) = channel is { IsThread: true, ParentId: { } parent } ? (parent.ToString(), channelId) : (channelId, null);
        var question = IsAdminCommand(interaction.CommandName)
            ? AdminArguments(interaction)
            : interaction.Options.TryGetValue("question", out var q) ? q.Trim() : "";
        var inGuild = interaction.GuildId is not null;
        return new IncomingMessage(
            DiscordMessageHandlerPlatform,
            chatId,
            user.Id.ToString(),
            interaction.Id.ToString(),
            question,
            ThreadId: threadId,
            Locale: interaction.Locale,
            Flags: Flags(interaction),
            Command: interaction.CommandName,
            GuildId: interaction.GuildId?.ToString(),
            SenderIsChatAdmin: inGuild && DiscordPermissions.IsChatAdmin(interaction.MemberPermissions),
            SenderRoleIds: interaction.MemberRoles,
            BotSeesAllMessages: state.SeesMessageContent);
    }

    /// <summary>
    /// A direct message is private; in a guild, an admin command's answer is ephemeral (deferred so), so only the
    /// asker sees it.
    /// </summary>
    internal static MessageFlags Flags(DiscordInteraction interaction) =>
        interaction.GuildId is null ? MessageFlags.Private
        : IsAdminCommand(interaction.CommandName) ? MessageFlags.AnswerSeenByAskerOnly
        : MessageFlags.None;

    /// <summary>
    /// The engine's argument text for an admin command: the subcommand, then its value; a user or role option becomes
    /// a moderator tag (<c>discord:ID</c>, <c>discord-role:ID</c>).
    /// </summary>
    internal static string AdminArguments(DiscordInteraction interaction)
    {
        var parts = new List<string>();
        if (interaction.Subcommand is { } sub)
        {
            parts.Add(sub);
        }

        foreach (var (name, value) in interaction.Options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            parts.Add(name switch
            {
                "user" => Bot.Core.Stores.ModeratorTag.Discord + ":" + value,
                "role" => Bot.Core.Stores.ModeratorTag.DiscordRole + ":" + value,
                _ => value.Trim(),
            });
        }

        return string.Join(' ', parts);
    }

    /// <summary>
    /// The Sources button: <c>/sources</c> as a reply to the answer the button is under, shown only to the one who
    /// pressed it (a store lookup, fast enough to answer within the interaction's three seconds).
    /// </summary>
    private async Task SourcesAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        BotReply? reply = null;
        if (interaction.User is { } user && interaction.MessageId is { } answer)
        {
            var incoming = ToIncoming(interaction, user) with
            {
                MessageId = "component:" + interaction.Id,
                Text = string.Empty,
                Command = "sources",
                ReplyToMessageId = answer.ToString(),
                Flags = (interaction.GuildId is null ? MessageFlags.Private : MessageFlags.None) | MessageFlags.ReplyToBot,
            };
            reply = await engine.HandleAsync(incoming, cancellationToken);
        }

        var text = reply is null
            ? IsVietnamese(interaction) ? "Nút này không còn dùng được." : "This button no longer works."
            : DiscordRenderer.Render(reply)[0].Content;
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, ChannelMessage, new OutgoingMessage(text, Flags: OutgoingMessage.Ephemeral), cancellationToken);
    }

    private async Task FeedbackAsync(DiscordInteraction interaction, string customId, CancellationToken cancellationToken)
    {
        var parts = customId.Split(':', 3);
        var vi = IsVietnamese(interaction);
        string text;
        if (parts.Length == 3 && parts[1] is "up" or "down" && interaction.User is { } user)
        {
            var vote = parts[1] == "up" ? FeedbackVote.Up : FeedbackVote.Down;
            var channel = interaction.Channel ?? (interaction.ChannelId is { } cid ? state.Channel(cid) : null);
            var chatId = channel is { IsThread: true, ParentId: { } parent } ? parent.ToString() : interaction.ChannelId?.ToString() ?? user.Id.ToString();
            var known = await engine.RecordFeedbackAsync(DiscordMessageHandlerPlatform, chatId, user.Id.ToString(), parts[2], vote, cancellationToken);
            text = known
                ? vi ? "Cảm ơn bạn đã góp ý!" : "Thanks for the feedback!"
                : vi ? "Câu trả lời này đã quá cũ để đánh giá." : "That answer is too old to rate.";
        }
        else
        {
            text = vi ? "Nút này không còn dùng được." : "This button no longer works.";
        }

        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, ChannelMessage, new OutgoingMessage(text, Flags: OutgoingMessage.Ephemeral), cancellationToken);
    }

    private static bool IsVietnamese(DiscordInteraction interaction) => interaction.Locale?.StartsWith("vi", StringComparison.OrdinalIgnoreCase) == true;
}
