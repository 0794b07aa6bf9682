namespace Edge.Runtime.Models;

/// <summary>What became of one bundle offered to the gateway, whichever way it came (CLI, API, inbox, MQTT).</summary>
/// <param name="Activated">True when the bundle now scores.</param>
/// <param name="Label">"model-id@version" once the signature has been checked; null before (nothing unsigned is repeated).</param>
/// <param name="Reason">"Activated", or the rejection code (<see cref="ModelRejectedException.Reason"/>).</param>
/// <param name="Message">What was wrong, naming the field or check.</param>
/// <param name="Source">Where the bundle came from, e.g. "cli", "api", "inbox:v7.bundle", "mqtt".</param>
public sealed record InstallOutcome(bool Activated, string? Label, string Reason, string Message, string Source, DateTimeOffset AtUtc)
{
    public const string ActivatedReason = "Activated";
}

/// <summary>Something model delivery did that the uplink, API and page publish.</summary>
/// <param name="Label">The bundle installed or rejected, or the one rolled back from.</param>
public sealed record ModelDeliveryEvent(ModelEventKind Kind, string? Label, string Reason, string Message, DateTimeOffset AtUtc)
{
    /// <summary>For <see cref="ModelEventKind.RolledBack"/>: the label now active; null when no model scores any more.</summary>
    public string? To { get; init; }
}

public enum ModelEventKind
{
    Installed,
    Rejected,
    RolledBack,
}

/// <summary>Model delivery as the API, page and metrics show it.</summary>
/// <param name="Active">Label of the model scoring now; null when none does (local rules still run).</param>
/// <param name="Previous">Label of the bundle kept to roll back to.</param>
/// <param name="HighestVersion">Highest version ever activated, of any model id.</param>
/// <param name="LastRollback">The last rollback (persisted): from, to, automatic or by an operator, why, when.</param>
/// <param name="Rejected">Bundles rolled back for failing at run time (persisted), never installed again.</param>
public sealed record ModelStatus(
    string? Active,
    string? Previous,
    long HighestVersion,
    InstallOutcome? LastInstall,
    RollbackRecord? LastRollback,
    IReadOnlyList<RejectedModel> Rejected)
{
    /// <summary>Highest version activated per model id; a bundle must be above its own id's (anti-rollback).</summary>
    public IReadOnlyDictionary<string, long> HighestVersions { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>The last <see cref="DeliveryRecord.RecentKept"/> bundles refused since the daemon started, newest last.</summary>
    public IReadOnlyList<InstallOutcome> RecentRejections { get; init; } = [];

    /// <summary>What model delivery did since the daemon started.</summary>
    public ModelDeliveryCounts Counts { get; init; } = new(0, new Dictionary<string, long>(StringComparer.Ordinal), 0, 0);
}

/// <summary>Model delivery's counters since the daemon started (the metrics' counters).</summary>
/// <param name="Activated">Bundles activated.</param>
/// <param name="RejectedByReason">Bundles refused, by reason code (<see cref="ModelRejection"/>).</param>
/// <param name="AutomaticRollbacks">Rollbacks because the model failed at run time or its checks at start.</param>
/// <param name="OperatorRollbacks">Rollbacks asked for by an operator (CLI or API).</param>
public sealed record ModelDeliveryCounts(long Activated, IReadOnlyDictionary<string, long> RejectedByReason, long AutomaticRollbacks, long OperatorRollbacks)
{
    public long Rejected => RejectedByReason.Values.Sum();
}
