namespace Bot.Storage.Stores;

/// <summary>
/// Bounds for tables that would otherwise grow without end, matching the in-memory stores: the newest
/// <see cref="ProcessedUpdatesKept"/> update ids and <see cref="AnswersKept"/> answers are kept. Trimming runs every
/// <see cref="TrimEvery"/> inserts by one host, so the bound is approximate by at most that many rows per host.
/// </summary>
public sealed record StorageLimits(int ProcessedUpdatesKept = 100_000, int AnswersKept = 20_000, int TrimEvery = 1_000);
