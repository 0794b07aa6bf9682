namespace Edge.Runtime.Uplink;

/// <summary>
/// What an outbox message is, which decides what the bound drops first: stale health is worth least, alerts most.
/// Stored as its integer value; do not renumber.
/// </summary>
public enum OutboxKind
{
    /// <summary>A theft finding. Never dropped by age; dropped by the row bound only when nothing else is left, and counted.</summary>
    Alert = 1,

    /// <summary>One day's summary of the gateway's work.</summary>
    DailySummary = 2,

    /// <summary>A periodic health report; the next one supersedes it, so it goes first when the outbox is full.</summary>
    Health = 3,
}
