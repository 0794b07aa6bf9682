namespace Edge.Runtime.Alerts;

/// <summary>Where alerts are kept and how repeats are folded into one alert.</summary>
public sealed record AlertStoreOptions
{
    /// <summary>The gateway's SQLite database file (the same file as the reading store; alerts have their own tables).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>
    /// After a technician acknowledges an alert, the same finding (meter and kind) is folded into that alert for this
    /// long after the acknowledgement instead of raising a new one, so a daily run does not re-raise what the technician
    /// has just seen. Zero: a repeat after an acknowledgement is always a new alert.
    /// </summary>
    public TimeSpan QuietAfterAcknowledge { get; init; } = TimeSpan.FromDays(7);
}
