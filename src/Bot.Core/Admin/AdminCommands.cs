using System.Globalization;
using System.Text;
using Bot.Core.Dashboard;
using Bot.Core.Engine;
using Bot.Core.Language;
using Bot.Core.Messages;
using Bot.Core.Stores;
using Bot.Knowledge.Loading;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Admin;

/// <summary>What an admin or moderator command answers: fixed text, and whether only the sender should see it.</summary>
/// <param name="Sensitive">The text carries a sign-in link: no link preview, never logged.</param>
public sealed record AdminResult(IReadOnlyList<string> Blocks, bool OnlyAsker, bool Sensitive = false);

/// <summary>
/// <c>/channel</c> (chat admins, for their own chat; owners too), <c>/kb</c> (moderators; chat admins may read gaps and
/// feedback of their own chat only) and <c>/moderators</c> (owners). Arguments come in the message text, e.g.
/// <c>mode all</c>, <c>gaps 30</c>, <c>add telegram:123</c> (the adapter turns a replied-to user, a mention or a
/// Discord option into such a tag).
/// </summary>
public sealed partial class AdminCommands(
    Roles roles,
    ChannelPolicy policy,
    IChannelSettingsStore settings,
    IModeratorStore moderators,
    IQuestionLog questionLog,
    IFeedbackStore feedback,
    IKnowledgeBase knowledge,
    DashboardLinks dashboardLinks,
    TimeProvider time,
    ILogger<AdminCommands> logger)
{
    public const int DefaultDays = 7;
    private const int MaxListed = 10;

    /// <summary>The commands this class answers.</summary>
    public static bool IsAdminCommand(string? command) => command?.ToLowerInvariant() is "channel" or "kb" or "moderators" or "dashboard";

    public async Task<AdminResult?> HandleAsync(IncomingMessage message, string lang, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var args = message.Text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return message.Command?.ToLowerInvariant() switch
        {
            "channel" => await ChannelAsync(message, args, lang, cancellationToken),
            "kb" => await KnowledgeAsync(message, args, lang, cancellationToken),
            "moderators" => await ModeratorsAsync(message, args, lang, cancellationToken),
            "dashboard" => await DashboardAsync(message, lang, cancellationToken),
            _ => null,
        };
    }

    private async Task<AdminResult> ChannelAsync(IncomingMessage message, string[] args, string lang, CancellationToken cancellationToken)
    {
        if ((message.Flags & MessageFlags.Private) != 0)
        {
            return Private(Phrases.ChannelOnlyInGroups(lang));
        }

        // The same rule as every other message: in a Discord thread, the thread's own settings, else its parent's.
        var (current, threadsOwn) = await policy.GetWithOriginAsync(message, cancellationToken);
        var inThread = ChannelPolicy.InThread(message);
        var verb = args.Length > 0 ? args[0].ToLowerInvariant() : "status";
        var value = args.Length > 1 ? args[1].ToLowerInvariant() : null;
        if (verb == "status")
        {
            // Anyone in the chat may see how the bot is set up here; only admins change it.
            return Public(Status(current, lang) + (inThread ? " " + Phrases.ThreadSettings(lang, threadsOwn) : ""));
        }

        if (!Roles.IsChatAdmin(message) && !roles.IsOwner(message))
        {
            return Private(Phrases.NotChatAdmin(lang));
        }

        ChannelSettings? changed = verb switch
        {
            "enable" => current with { Enabled = true },
            "disable" => current with { Enabled = false },
            "mode" => ParseMode(value) is { } mode ? current with { Mode = mode } : null,
            "language" => value is "auto" or "vi" or "en" ? current with { Language = value == "auto" ? null : value } : null,
            "cooldown" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 3_600
                ? current with { CooldownSeconds = seconds }
                : null,
            _ => null,
        };

        if (changed is null)
        {
            return Private(Phrases.ChannelUsage(lang));
        }

        // A change made in a thread becomes the thread's own settings (starting from what applied there); the
        // parent channel keeps its own.
        var by = Roles.UserTag(message);
        changed = changed with { ChatId = ChannelPolicy.SettingsChatId(message), UpdatedBy = by, UpdatedAt = time.GetUtcNow() };
        await settings.SaveAsync(changed, cancellationToken);
        LogSettingChanged(logger, message.Platform, changed.ChatId, verb, value ?? "", by);

        var blocks = new List<string> { Phrases.SettingSaved(lang) + " " + Status(changed, lang) + (inThread ? " " + Phrases.ThreadSettings(lang, own: true) : "") };
        if (changed.Mode == ChannelMode.All && verb == "mode" && message.BotSeesAllMessages == false)
        {
            blocks.Add(Phrases.ModeAllWarning(lang, message.Platform));
        }

        return new AdminResult(blocks, OnlyAsker: false);
    }

    private static string Status(ChannelSettings s, string lang) => Phrases.ChannelStatus(
        lang, s.Enabled, s.Mode.ToString().ToLowerInvariant(), s.Language ?? "auto", s.CooldownSeconds, s.UpdatedBy, s.UpdatedAt);

    private static ChannelMode? ParseMode(string? value) => value switch
    {
        "mentions" => ChannelMode.Mentions,
        "all" => ChannelMode.All,
        "commands" => ChannelMode.Commands,
        _ => null,
    };

    private async Task<AdminResult> KnowledgeAsync(IncomingMessage message, string[] args, string lang, CancellationToken cancellationToken)
    {
        var verb = args.Length > 0 ? args[0].ToLowerInvariant() : "status";
        var moderator = await roles.IsModeratorAsync(message, cancellationToken);
        var readsOwnChat = verb is "gaps" or "feedback" && Roles.IsChatAdmin(message);
        if (!moderator && !readsOwnChat)
        {
            return Private(Phrases.NotModerator(lang));
        }

        // Moderators see every community; a chat admin sees only this chat.
        var (platform, chatId) = moderator ? ((string?)null, (string?)null) : (message.Platform, message.ChatId);
        var days = args.Length > 1 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? Math.Clamp(d, 1, 365) : DefaultDays;
        switch (verb)
        {
            case "status":
                return Public(KnowledgeStatus(knowledge.Current, Today()));
            case "reload":
                var snapshot = await knowledge.ReloadAsync(cancellationToken);
                LogReloaded(logger, Roles.UserTag(message));
                return Public(KnowledgeStatus(snapshot, Today()));
            case "gaps":
                return await GapsAsync(days, platform, chatId, lang, cancellationToken);
            case "feedback":
                return await FeedbackAsync(days, platform, chatId, lang, cancellationToken);
            default:
                return Private(Phrases.KbUsage(lang));
        }
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static string KnowledgeStatus(KnowledgeSnapshot snapshot, DateOnly today)
    {
        var sb = new StringBuilder();
        foreach (var byLang in snapshot.Documents.GroupBy(d => d.Lang).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"{byLang.Key}: {Phrases.Count(byLang.Count(), "file")}, {Phrases.Count(byLang.Sum(d => d.Sections.Count), "section")}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"Last reload: {snapshot.LoadedAt:yyyy-MM-dd HH:mm:ss} UTC\n");
        if (snapshot.Diagnostics.Count == 0)
        {
            sb.Append("Validation errors: none");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"Validation errors ({snapshot.Diagnostics.Count}):");
            foreach (var diagnostic in snapshot.Diagnostics.Take(20))
            {
                sb.Append('\n').Append(diagnostic);
            }
        }

        var overdue = snapshot.Overdue(today);
        if (overdue.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\nOverdue for review ({overdue.Count}):");
            foreach (var section in overdue.Take(20))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n{section.Path}:{section.Line}: {section.Heading} (review {section.Review:yyyy-MM-dd})");
            }
        }

        return sb.ToString();
    }

    private async Task<AdminResult> GapsAsync(int days, string? platform, string? chatId, string lang, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-days);
        var declined = (await questionLog.ListAsync(since, platform, chatId, cancellationToken)).Where(q => q.IsGap).Select(q => q.Question);
        var disliked = (await feedback.ListAsync(since, platform, chatId, cancellationToken)).Where(f => f.Vote == FeedbackVote.Down).Select(f => f.Question);
        var groups = QuestionGroups.Group(declined.Concat(disliked));
        if (groups.Count == 0)
        {
            return Public(Phrases.NoGaps(lang, days));
        }

        var sb = new StringBuilder(Phrases.Pick(lang, $"Câu hỏi chưa trả lời được ({days} ngày):", $"Knowledge gaps ({days} days):"));
        foreach (var g in groups.Take(MaxListed))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n{g.Count}× {g.Example}");
        }

        return Public(sb.ToString());
    }

    private async Task<AdminResult> FeedbackAsync(int days, string? platform, string? chatId, string lang, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().AddDays(-days);
        var votes = await feedback.ListAsync(since, platform, chatId, cancellationToken);
        var worst = votes
            .GroupBy(v => v.AnswerId, StringComparer.Ordinal)
            .Select(g => (First: g.First(), Down: g.Count(v => v.Vote == FeedbackVote.Down), Up: g.Count(v => v.Vote == FeedbackVote.Up)))
            .Where(x => x.Down > 0)
            .OrderBy(x => x.Up - x.Down)
            .ThenByDescending(x => x.Down)
            .Take(MaxListed)
            .ToList();
        if (worst.Count == 0)
        {
            return Public(Phrases.NoFeedback(lang, days));
        }

        var sb = new StringBuilder(Phrases.Pick(lang, $"Câu trả lời bị chấm thấp nhất ({days} ngày):", $"Worst-rated answers ({days} days):"));
        foreach (var (first, down, up) in worst)
        {
            var sources = first.SourceFiles.Count == 0 ? "-" : string.Join(", ", first.SourceFiles);
            sb.Append(CultureInfo.InvariantCulture, $"\n👎 {down} 👍 {up}: {first.Question} [{sources}]");
        }

        return Public(sb.ToString());
    }

    private async Task<AdminResult> ModeratorsAsync(IncomingMessage message, string[] args, string lang, CancellationToken cancellationToken)
    {
        if (!roles.IsOwner(message))
        {
            return Private(Phrases.NotOwner(lang));
        }

        var verb = args.Length > 0 ? args[0].ToLowerInvariant() : "list";
        var tag = args.Length > 1 ? args[1] : null;
        switch (verb)
        {
            case "list":
                var stored = await moderators.ListAsync(cancellationToken);
                var lines = new StringBuilder(Phrases.Pick(lang, "Người điều hành:", "Moderators:"));
                foreach (var configured in roles.ConfiguredModerators)
                {
                    lines.Append('\n').Append(configured).Append(" (Bot:ModeratorIds)");
                }

                foreach (var m in stored)
                {
                    lines.Append(CultureInfo.InvariantCulture, $"\n{m.Tag} ({m.AddedBy}, {m.AddedAt:yyyy-MM-dd})");
                }

                return Public(lines.ToString());
            case "add" when ModeratorTag.IsValid(tag):
                var added = await moderators.AddAsync(new ModeratorEntry(tag!, Roles.UserTag(message), time.GetUtcNow()), cancellationToken);
                LogModerators(logger, "added", tag!, Roles.UserTag(message));
                return Public(Phrases.ModeratorAdded(lang, tag!, added));
            case "remove" when ModeratorTag.IsValid(tag):
                var removed = await moderators.RemoveAsync(tag!, cancellationToken);
                LogModerators(logger, "removed", tag!, Roles.UserTag(message));
                return Public(Phrases.ModeratorRemoved(lang, tag!, removed));
            default:
                return Private(Phrases.ModeratorsUsage(lang));
        }
    }

    /// <summary>
    /// <c>/dashboard</c>: a single-use sign-in link for owners and moderators, sent only where no one else can see it
    /// (a private chat, or an answer only the asker sees). A moderator only through a <c>discord-role:</c> gets a view
    /// of the guild the role belongs to.
    /// </summary>
    private async Task<AdminResult> DashboardAsync(IncomingMessage message, string lang, CancellationToken cancellationToken)
    {
        var seenByAskerOnly = (message.Flags & (MessageFlags.Private | MessageFlags.AnswerSeenByAskerOnly)) != 0;
        var grant = await roles.DashboardGrantAsync(message, cancellationToken);
        if (grant is null)
        {
            return Private(Phrases.NotModerator(lang));
        }

        if (!seenByAskerOnly)
        {
            return Private(Phrases.DashboardAskPrivately(lang));
        }

        var link = await dashboardLinks.IssueAsync(grant with { Language = lang }, cancellationToken);
        if (link is null)
        {
            return Private(Phrases.DashboardNotConfigured(lang));
        }

        LogDashboardLink(logger, message.Platform, grant.Scoped);
        return new AdminResult([Phrases.DashboardLink(lang, link.AbsoluteUri, (int)DashboardLinks.Lifetime.TotalMinutes)], OnlyAsker: (message.Flags & MessageFlags.Private) == 0, Sensitive: true);
    }

    private static AdminResult Public(string text) => new([text], OnlyAsker: false);

    private static AdminResult Private(string text) => new([text], OnlyAsker: true);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Platform}/{ChatId}: {Setting} {Value} by {By}")]
    private static partial void LogSettingChanged(ILogger logger, string platform, string chatId, string setting, string value, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge reloaded on request of {By}")]
    private static partial void LogReloaded(ILogger logger, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moderator {Action}: {Tag} by {By}")]
    private static partial void LogModerators(ILogger logger, string action, string tag, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent a dashboard sign-in link on {Platform} (one guild only: {Scoped})")]
    private static partial void LogDashboardLink(ILogger logger, string platform, bool scoped);
}
