namespace Edge.Runtime.Models;

/// <summary>
/// What model delivery did since the daemon started, for the page, the API and the metrics: counters, and the last
/// <see cref="RecentKept"/> refused bundles with their reasons. Kept in memory: refusals are not written to disk, so a
/// stream of forged bundles cannot wear the flash (the persisted record is state.json's rollback and run-time rejects).
/// Thread-safe.
/// </summary>
public sealed class DeliveryRecord
{
    /// <summary>Refusals kept for the page and the API.</summary>
    public const int RecentKept = 20;

    private readonly Lock _gate = new();
    private readonly Queue<InstallOutcome> _recent = new();
    private readonly Dictionary<string, long> _rejectedByReason = new(StringComparer.Ordinal);
    private long _activated;
    private long _automaticRollbacks;
    private long _operatorRollbacks;

    public void Installed(InstallOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            if (outcome.Activated)
            {
                _activated++;
                return;
            }

            _rejectedByReason[outcome.Reason] = _rejectedByReason.GetValueOrDefault(outcome.Reason) + 1;
            _recent.Enqueue(outcome);
            if (_recent.Count > RecentKept)
            {
                _recent.Dequeue();
            }
        }
    }

    public void RolledBack(RollbackKind kind)
    {
        lock (_gate)
        {
            if (kind == RollbackKind.Operator)
            {
                _operatorRollbacks++;
            }
            else
            {
                _automaticRollbacks++;
            }
        }
    }

    /// <summary>The refusals kept, oldest first.</summary>
    public IReadOnlyList<InstallOutcome> RecentRejections()
    {
        lock (_gate)
        {
            return [.. _recent];
        }
    }

    public ModelDeliveryCounts Counts()
    {
        lock (_gate)
        {
            return new ModelDeliveryCounts(_activated, new Dictionary<string, long>(_rejectedByReason, StringComparer.Ordinal), _automaticRollbacks, _operatorRollbacks);
        }
    }
}
