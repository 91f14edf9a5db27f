using Bot.Core.Stores;

namespace Bot.Core.Dashboard;

/// <summary>Sign-in links, cookie keys and gap marks in memory (tests and <c>Storage:Provider=Memory</c>); bounded.</summary>
internal sealed class InMemoryDashboardStore(TimeProvider time) : IDashboardStore
{
    private const int MaxLinks = 10_000;
    private const int MaxMarks = 10_000;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DashboardLinkRecord> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DashboardKey> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _handled = new(StringComparer.Ordinal);

    public ValueTask SaveLinkAsync(DashboardLinkRecord link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_gate)
        {
            if (_links.Count >= MaxLinks)
            {
                var now = time.GetUtcNow();
                foreach (var expired in _links.Where(l => l.Value.ExpiresAt <= now).Select(l => l.Key).ToList())
                {
                    _links.Remove(expired);
                }

                if (_links.Count >= MaxLinks)
                {
                    _links.Remove(_links.MinBy(l => l.Value.CreatedAt).Key);
                }
            }

            _links[link.TokenHash] = link;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<DashboardIdentity?> RedeemLinkAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_links.Remove(tokenHash, out var link) && link.ExpiresAt > now ? link.Identity : null);
        }
    }

    public ValueTask<int> PruneLinksAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var old = _links.Where(l => l.Value.ExpiresAt < before).Select(l => l.Key).ToList();
            old.ForEach(k => _links.Remove(k));
            return ValueTask.FromResult(old.Count);
        }
    }

    public ValueTask<IReadOnlyList<DashboardKey>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<DashboardKey> keys = [.. _keys.Values];
            return ValueTask.FromResult(keys);
        }
    }

    public ValueTask SaveKeyAsync(DashboardKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            _keys.TryAdd(key.Name, key);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask MarkGapHandledAsync(string groupKey, string handledBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_handled.Count >= MaxMarks && !_handled.ContainsKey(groupKey))
            {
                _handled.Remove(_handled.MinBy(h => h.Value).Key);
            }

            _handled[groupKey] = at;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlySet<string>> HandledGapsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlySet<string> keys = _handled.Where(h => h.Value >= since).Select(h => h.Key).ToHashSet(StringComparer.Ordinal);
            return ValueTask.FromResult(keys);
        }
    }
}

/// <summary>The dashboard's aggregates over the in-memory question log and feedback (already bounded in memory).</summary>
internal sealed class InMemoryDashboardQueries(IQuestionLog questions, IFeedbackStore feedback) : IDashboardQueries
{
    public async ValueTask<IReadOnlyList<QuestionCount>> QuestionCountsAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken = default)
    {
        var entries = await InScopeAsync(since, communityId, cancellationToken);
        return [.. entries
            .GroupBy(e => (Day: DateOnly.FromDateTime(e.At.UtcDateTime), e.Platform, e.Answered, e.Language))
            .Select(g => new QuestionCount(g.Key.Day, g.Key.Platform, g.Key.Answered, g.Key.Language, g.Count()))];
    }

    public async ValueTask<IReadOnlyList<GapQuestion>> GapQuestionsAsync(DateTimeOffset since, string? communityId, int limit, CancellationToken cancellationToken = default)
    {
        var entries = await InScopeAsync(since, communityId, cancellationToken);
        return [.. entries
            .Where(e => e.IsGap)
            .GroupBy(e => e.Question, StringComparer.Ordinal)
            .Select(g => new GapQuestion(g.Key, g.Count(), g.Max(e => e.At)))
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.LastAsked)
            .Take(limit)];
    }

    public async ValueTask<IReadOnlyList<FileVotes>> VotesByFileAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken = default)
    {
        var votes = await VotesAsync(since, communityId, cancellationToken);
        return FileVoteTotals.Sum(votes.Select(v => (v.SourceFiles, v.Vote, 1)));
    }

    public async ValueTask<IReadOnlyList<DislikedAnswer>> DislikedAsync(DateTimeOffset since, string? communityId, int limit, CancellationToken cancellationToken = default)
    {
        var votes = await VotesAsync(since, communityId, cancellationToken);
        return [.. votes.Where(v => v.Vote == FeedbackVote.Down).OrderByDescending(v => v.At).Take(limit)
            .Select(v => new DislikedAnswer(v.Question, v.SourceFiles, v.At))];
    }

    private async Task<List<QuestionLogEntry>> InScopeAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken)
    {
        var all = await questions.ListAsync(since, cancellationToken: cancellationToken);
        return [.. all.Where(e => communityId is null || (e.CommunityId ?? e.ChatId) == communityId)];
    }

    private async Task<List<FeedbackEntry>> VotesAsync(DateTimeOffset since, string? communityId, CancellationToken cancellationToken)
    {
        var votes = await feedback.ListAsync(since, cancellationToken: cancellationToken);
        if (communityId is null)
        {
            return [.. votes];
        }

        // Feedback knows its chat; the question log knows which community each chat belongs to.
        var chats = (await questions.ListAsync(DateTimeOffset.MinValue, cancellationToken: cancellationToken))
            .Where(e => (e.CommunityId ?? e.ChatId) == communityId).Select(e => e.ChatId).ToHashSet(StringComparer.Ordinal);
        return [.. votes.Where(v => chats.Contains(v.ChatId))];
    }
}
