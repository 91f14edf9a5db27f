namespace Bot.Core.Inbox;

/// <summary>
/// The inbox in this process only (tests, and hosts without a database): it survives no restart. Done ids are
/// remembered up to <see cref="MaxDoneRemembered"/>, the oldest forgotten first.
/// </summary>
public sealed class InMemoryInboxStore : IInboxStore
{
    public const int MaxDoneRemembered = 100_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Queue<string> _doneOrder = new();
    private long _sequence;

    public ValueTask<bool> AddAsync(InboxItem item, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = Key(item.Platform, item.Id);
        lock (_gate)
        {
            if (_done.Contains(key) || _open.ContainsKey(key))
            {
                return ValueTask.FromResult(false);
            }

            _open[key] = new Entry(item, ++_sequence) { Owner = owner, LeaseUntil = leaseUntil };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<IReadOnlyList<InboxItem>> ClaimAsync(string platform, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var open = _open.Values.Where(e => e.Item.Platform == platform).OrderBy(e => e.Sequence).ToList();
            var claimed = new List<InboxItem>();
            foreach (var entry in open)
            {
                if (claimed.Count >= max)
                {
                    break;
                }

                var free = entry.Owner is null || entry.Owner == owner || entry.LeaseUntil < now;
                var blocked = open.Any(o => o.Sequence < entry.Sequence && o.Item.ChatKey == entry.Item.ChatKey &&
                                            o.Owner is not null && o.Owner != owner && o.LeaseUntil >= now);
                if (free && !blocked && entry.Owner != owner)
                {
                    entry.Owner = owner;
                    entry.LeaseUntil = leaseUntil;
                    claimed.Add(entry.Item);
                }
            }

            return ValueTask.FromResult<IReadOnlyList<InboxItem>>(claimed);
        }
    }

    public ValueTask RenewAsync(string platform, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var entry in _open.Values.Where(e => e.Item.Platform == platform && e.Owner == owner))
            {
                entry.LeaseUntil = leaseUntil;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(string platform, string owner, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var entry in _open.Values.Where(e => e.Item.Platform == platform && e.Owner == owner))
            {
                entry.Owner = null;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(string platform, string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var key = Key(platform, id);
        lock (_gate)
        {
            _open.Remove(key);
            if (_done.Add(key))
            {
                _doneOrder.Enqueue(key);
                while (_doneOrder.Count > MaxDoneRemembered)
                {
                    _done.Remove(_doneOrder.Dequeue());
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private static string Key(string platform, string id) => platform + "\u001f" + id;

    private sealed class Entry(InboxItem item, long sequence)
    {
        public InboxItem Item { get; } = item;

        public long Sequence { get; } = sequence;

        public string? Owner { get; set; }

        public DateTimeOffset LeaseUntil { get; set; }
    }
}
