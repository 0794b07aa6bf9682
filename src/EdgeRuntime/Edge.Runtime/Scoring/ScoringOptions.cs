namespace Edge.Runtime.Scoring;

/// <summary>How and when meters are scored (the config's <c>scoring</c> section plus the gateway's time zone).</summary>
public sealed record ScoringOptions
{
    /// <summary>Local time of day at which every meter is scored.</summary>
    public TimeOnly DailyAt { get; init; } = new(2, 0);

    /// <summary>The zone whose local days the series and the daily run use (the same as the daily series').</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// A meter is scored only if at least this fraction of the model's window days are known; with fewer, cleaning
    /// would invent most of the series (a new installation, a long outage), and the score would say little.
    /// </summary>
    public double MinimumKnownFraction { get; init; } = 0.5;

    /// <summary>Meters per ORT Run.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Days at the end of the window whose mean the evidence compares with the earlier days'.</summary>
    public int RecentDays { get; init; } = 7;
}
