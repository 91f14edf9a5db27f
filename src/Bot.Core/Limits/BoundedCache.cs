namespace Bot.Core.Limits;

/// <summary>
/// The one bounded map for per-chat, per-user, per-route and per-interaction state: at most <see cref="Capacity"/>
/// entries (the least recently used goes first) and none older than its time to live since it was last used, measured
/// on monotonic time. Every operation is O(1) under one lock; expired entries are dropped from the cold end as the
/// map is used, so nothing scans the whole map.
/// </summary>
public sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _map;
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeToLive;

    public BoundedCache(int capacity, TimeSpan timeToLive, TimeProvider time, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        Capacity = capacity;
        _timeToLive = timeToLive;
        _time = time;
        _map = new Dictionary<TKey, LinkedListNode<Entry>>(comparer);
    }

    public int Capacity { get; }

    /// <summary>Entries held now (expired ones not yet dropped included).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>The value, when present and not expired; a hit counts as a use.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            DropExpired(now);
            if (_map.TryGetValue(key, out var node) && node.Value.ExpiresAt > now)
            {
                Touch(node, now);
                value = node.Value.Value;
                return true;
            }

            value = default!;
            return false;
        }
    }

    /// <summary>The value for <paramref name="key"/>, created by <paramref name="create"/> (under the lock: keep it cheap) when absent.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create, TimeSpan? timeToLive = null)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            DropExpired(now);
            if (_map.TryGetValue(key, out var node) && node.Value.ExpiresAt > now)
            {
                Touch(node, now);
                return node.Value.Value;
            }

            var value = create(key);
            Insert(key, value, timeToLive ?? _timeToLive, now);
            return value;
        }
    }

    /// <summary>Adds or replaces the value.</summary>
    public void Set(TKey key, TValue value, TimeSpan? timeToLive = null)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            DropExpired(now);
            Insert(key, value, timeToLive ?? _timeToLive, now);
        }
    }

    /// <summary>Adds the value unless the key is present; false when it was (a "told once" set).</summary>
    public bool TryAdd(TKey key, TValue value, TimeSpan? timeToLive = null)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            DropExpired(now);
            if (_map.TryGetValue(key, out var node) && node.Value.ExpiresAt > now)
            {
                return false;
            }

            Insert(key, value, timeToLive ?? _timeToLive, now);
            return true;
        }
    }

    public bool Remove(TKey key)
    {
        lock (_gate)
        {
            if (!_map.Remove(key, out var node))
            {
                return false;
            }

            _order.Remove(node);
            return true;
        }
    }

    public bool ContainsKey(TKey key) => TryGetValue(key, out _);

    /// <summary>The live entries, most recently used first: O(n), for rare whole-map changes (a chat that moved).</summary>
    public IReadOnlyList<KeyValuePair<TKey, TValue>> Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            DropExpired(now);
            return [.. _order.Where(e => e.ExpiresAt > now).Select(e => KeyValuePair.Create(e.Key, e.Value))];
        }
    }

    private void Insert(TKey key, TValue value, TimeSpan timeToLive, long now)
    {
        if (_map.Remove(key, out var existing))
        {
            _order.Remove(existing);
        }

        while (_map.Count >= Capacity && _order.Last is { } coldest)
        {
            _map.Remove(coldest.Value.Key);
            _order.RemoveLast();
        }

        var entry = new Entry(key, value, timeToLive) { ExpiresAt = MonotonicTime.Add(_time, now, timeToLive) };
        _map[key] = _order.AddFirst(entry);
    }

    private void Touch(LinkedListNode<Entry> node, long now)
    {
        node.Value.ExpiresAt = MonotonicTime.Add(_time, now, node.Value.TimeToLive);
        if (node != _order.First)
        {
            _order.Remove(node);
            _order.AddFirst(node);
        }
    }

    /// <summary>Drops expired entries from the cold end; stops at the first live one (amortised O(1)).</summary>
    private void DropExpired(long now)
    {
        while (_order.Last is { } coldest && coldest.Value.ExpiresAt <= now)
        {
            _map.Remove(coldest.Value.Key);
            _order.RemoveLast();
        }
    }

    private sealed class Entry(TKey key, TValue value, TimeSpan timeToLive)
    {
        public TKey Key { get; } = key;

        public TValue Value { get; } = value;

        public TimeSpan TimeToLive { get; } = timeToLive;

        public long ExpiresAt { get; set; }
    }
}
