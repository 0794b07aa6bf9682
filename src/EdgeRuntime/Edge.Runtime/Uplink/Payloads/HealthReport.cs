using Edge.Runtime.Health;

namespace Edge.Runtime.Uplink.Payloads;

/// <summary>The JSON published periodically on <c>{prefix}health</c>.</summary>
public sealed record HealthReport
{
    public required DateTimeOffset At { get; init; }

    public required long UptimeSeconds { get; init; }

    public string? ModelVersion { get; init; }

    public required int Meters { get; init; }

    public IReadOnlyList<Fault> Faults { get; init; } = [];

    /// <summary>Filled by <see cref="UplinkReporter.ReportHealth"/>: the outbox backlog and what its bounds dropped.</summary>
    public OutboxHealth? Outbox { get; init; }
}

/// <summary>The outbox's backlog and its drop counters, so the fleet learns of every dropped message.</summary>
public sealed record OutboxHealth(long Queued, OutboxDrops Dropped);
