namespace Edge.Runtime.Uplink;

/// <summary>Messages the outbox dropped to stay within its bounds, by kind, since the outbox was created (persisted).</summary>
public readonly record struct OutboxDrops(long Health, long DailySummaries, long Alerts);
