namespace Edge.Runtime.Uplink;

/// <summary>
/// One stored message. <see cref="Sequence"/> increases strictly with every enqueue and is never reused (SQLite
/// AUTOINCREMENT), so (outbox id, sequence) identifies a message for receivers that deduplicate redeliveries.
/// </summary>
public sealed record OutboxMessage(long Sequence, OutboxKind Kind, string Topic, byte[] Payload, DateTimeOffset EnqueuedAt);
