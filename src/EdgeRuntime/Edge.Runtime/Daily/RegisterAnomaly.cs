namespace Edge.Runtime.Daily;

public enum RegisterAnomalyKind
{
    /// <summary>The import register went down with no declared replacement and no plausible rollover.</summary>
    NegativeDelta,

    /// <summary>A declared replacement does not fit the readings around it (old final below the last reading, or new initial above the next).</summary>
    ReplacementMismatch,
}

/// <summary>
/// Register evidence the daily series refused to turn into consumption; the interval's days become missing. Kept as
/// evidence for the rules stage (a register that runs backwards is a classic tampering sign).
/// </summary>
public sealed record RegisterAnomaly(
    string MeterId, RegisterAnomalyKind Kind, DateTimeOffset From, DateTimeOffset To, long PreviousWh, long CurrentWh);
