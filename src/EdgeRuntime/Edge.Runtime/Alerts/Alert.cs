namespace Edge.Runtime.Alerts;

/// <summary>
/// One finding about one meter, as a technician reads it on site and as the utility receives it.
/// <see cref="Evidence"/> holds what the finding rests on, in words and figures a technician can check
/// (for example "S0 pulses 12.40 kWh vs register 3.10 kWh over 2026-11-20..2026-11-23").
/// A finding that repeats is not a new alert: the store updates the open one (see <see cref="AlertStore.Raise"/>), so
/// <see cref="RaisedAt"/> is when it was first made and <see cref="LastSeenAt"/> when it was last confirmed.
/// </summary>
public sealed record Alert
{
    /// <summary>Store-assigned identifier; 0 until the alert is stored.</summary>
    public long Id { get; init; }

    public required string MeterId { get; init; }

    public required AlertKind Kind { get; init; }

    /// <summary>Gateway time at which the finding was first made.</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>Gateway time at which the finding was last made; equals <see cref="RaisedAt"/> for a new alert.</summary>
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>How many times the finding was made (1 for a new alert; each deduplicated repeat adds one).</summary>
    public int Occurrences { get; init; } = 1;

    /// <summary>The model's score for <see cref="AlertKind.ModelScore"/>; null for rule alerts.</summary>
    public float? Score { get; init; }

    /// <summary>Model id and version that produced the score (null for rule alerts), e.g. "gateway@7".</summary>
    public string? ModelVersion { get; init; }

    /// <summary>The latest evidence (a repeat replaces it: the newest figures are the ones to check on site).</summary>
    public required string Evidence { get; init; }

    /// <summary>Set when a technician acknowledged the alert.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    public string? AcknowledgedBy { get; init; }

    public bool IsOpen => AcknowledgedAt is null;
}
