using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Inbox;

/// <summary>
/// One received platform update or message, as recorded before the platform is told it arrived.
/// <paramref name="Payload"/> is the platform's own JSON, so a replay after a restart sees exactly what arrived
/// (and replies to the same message).
/// </summary>
/// <param name="Platform">"telegram" or "discord".</param>
/// <param name="Id">Unique per platform (e.g. Telegram's bot id and update id); a second item with it is a redelivery.</param>
/// <param name="ChatKey">The chat or channel: items of one chat are handled in the order they were recorded.</param>
/// <param name="ReceivedAt">When it was recorded; items older than <c>Storage:InboxMaxAgeMinutes</c> are dropped.</param>
public sealed record InboxItem(string Platform, string Id, string ChatKey, string Payload, DateTimeOffset ReceivedAt);

/// <summary>
/// The durable inbox: what was received and is not yet answered. An item is recorded leased to the instance that
/// received it; the lease is renewed while that instance runs. An item whose lease expired (its instance crashed) may
/// be claimed by any instance, but never while an older item of the same chat is leased by another one.
/// </summary>
public interface IInboxStore
{
    /// <summary>Records a received item, leased to <paramref name="owner"/>. False when its id was recorded before.</summary>
    ValueTask<bool> AddAsync(InboxItem item, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <paramref name="max"/> unfinished items of the platform that nobody holds (or whose lease ended
    /// before <paramref name="now"/>) to <paramref name="owner"/>, oldest first. One owner per item, also when several
    /// instances claim at once.
    /// </summary>
    ValueTask<IReadOnlyList<InboxItem>> ClaimAsync(string platform, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease of every unfinished item <paramref name="owner"/> holds.</summary>
    ValueTask RenewAsync(string platform, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Gives up the leases <paramref name="owner"/> holds (a clean stop): another instance may take them at once.</summary>
    ValueTask ReleaseAsync(string platform, string owner, CancellationToken cancellationToken = default);

    /// <summary>Marks the item done (its reply was sent, or it needed none). Done items are kept a day against redelivery.</summary>
    ValueTask CompleteAsync(string platform, string id, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>The inbox keys of the <c>Storage</c> section.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Storage";

    /// <summary>An item recorded longer ago than this is dropped with a log line instead of answered late.</summary>
    [Range(1, 10_080, ErrorMessage = "Storage:InboxMaxAgeMinutes must be between 1 and 10080 (a week).")]
    public int InboxMaxAgeMinutes { get; set; } = 60;

    /// <summary>How long an instance's claim on an item lasts without renewal: after a crash, others (or the restarted instance) take the item over after this.</summary>
    [Range(1, 3600, ErrorMessage = "Storage:InboxLeaseSeconds must be between 1 and 3600.")]
    public int InboxLeaseSeconds { get; set; } = 30;

    /// <summary>How long done items are kept, so a redelivered update is not answered twice.</summary>
    public static readonly TimeSpan DoneKeptFor = TimeSpan.FromDays(1);
}
