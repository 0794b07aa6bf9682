using Edge.Runtime.Health;
using Edge.Runtime.Models;

namespace Edge.Runtime.Uplink.Payloads;

/// <summary>The JSON published periodically on <c>{prefix}health</c>.</summary>
public sealed record HealthReport
{
    public required DateTimeOffset At { get; init; }

    public required long UptimeSeconds { get; init; }

    public string? ModelVersion { get; init; }

    public required int Meters { get; init; }

    public IReadOnlyList<Fault> Faults { get; init; } = [];

    /// <summary>Set when model delivery installed, rejected or rolled back a bundle: the report is sent at once for it.</summary>
    public ModelEventReport? ModelEvent { get; init; }

    /// <summary>
    /// The last rollback (persisted on the gateway), in every report: health reports are the first messages the outbox
    /// bounds drop, so the report that carried the event may never arrive, but a later one still says it.
    /// </summary>
    public RollbackRecord? LastRollback { get; init; }

    /// <summary>Model delivery's counts since the gateway started: activations, refusals by reason, rollbacks.</summary>
    public ModelDeliveryCounts? ModelDelivery { get; init; }

    /// <summary>Filled by <see cref="UplinkReporter.ReportHealth"/>: the outbox backlog and what its bounds dropped.</summary>
    public OutboxHealth? Outbox { get; init; }
}

/// <summary>What model delivery just did ("Installed", "Rejected", "RolledBack"), as the uplink publishes it.</summary>
/// <param name="Label">The bundle installed or refused, or the one rolled back from.</param>
/// <param name="To">For a rollback: the model now active; absent when none scores any more.</param>
public sealed record ModelEventReport(ModelEventKind Kind, string? Label, string Reason, string Message, DateTimeOffset At, string? To = null);

/// <summary>The outbox's backlog and its drop counters, so the fleet learns of every dropped message.</summary>
public sealed record OutboxHealth(long Queued, OutboxDrops Dropped);
