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
public sealed record ModelDeliveryEvent(ModelEventKind Kind, string? Label, string Reason, string Message, DateTimeOffset AtUtc);

public enum ModelEventKind
{
    Installed,
    Rejected,
    RolledBack,
}

/// <summary>Model delivery as the API, page and metrics show it.</summary>
/// <param name="Active">Label of the model scoring now; null when none does (local rules still run).</param>
/// <param name="Previous">Label of the bundle kept to roll back to.</param>
/// <param name="HighestVersion">Highest version ever activated; installs must be above it.</param>
public sealed record ModelStatus(
    string? Active,
    string? Previous,
    long HighestVersion,
    InstallOutcome? LastInstall,
    RollbackRecord? LastRollback,
    IReadOnlyList<RejectedModel> Rejected);
