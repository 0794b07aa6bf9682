namespace Edge.Runtime.Daily;

/// <summary>How register readings become daily kWh for one installation.</summary>
public sealed record DailySeriesOptions
{
    /// <summary>The zone whose local midnight separates days (the utility's billing days).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>
    /// The register counts 0 .. modulus-1 Wh and then wraps (e.g. 1_000_000_000 for a 6+3 digit kWh display read in Wh,
    /// 100_000_000 for 99999.999 kWh). Null: the register never wraps, and every drop is an anomaly.
    /// </summary>
    public long? RegisterModulusWh { get; init; }

    /// <summary>
    /// A drop is taken as a rollover only if the wrapped delta could have been drawn in the interval at this power; a
    /// register reset to zero mid-range is otherwise mistaken for a huge consumption.
    /// </summary>
    public double MaxPlausiblePowerW { get; init; } = 100_000;

    /// <summary>
    /// Longest interval between two readings whose delta is spread over the time it covers. Longer intervals are gaps:
    /// their delta is not attributed and the days they touch are missing.
    /// </summary>
    public TimeSpan MaxAttributableGap { get; init; } = TimeSpan.FromHours(3);
}
