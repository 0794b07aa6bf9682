namespace Edge.Runtime.Storage;

/// <summary>
/// One entry of a meter's long power-failure log (DSMR 1-0:99.97.0) as stored: when the failure ended and how long it
/// lasted, both from the meter's clock, and when the gateway first read the entry.
/// </summary>
public sealed record LoggedPowerFailure(string MeterId, DateTimeOffset EndTime, TimeSpan Duration, DateTimeOffset FirstSeen)
{
    /// <summary>When the supply went off: the logged end minus the logged duration.</summary>
    public DateTimeOffset StartTime => EndTime - Duration;
}
