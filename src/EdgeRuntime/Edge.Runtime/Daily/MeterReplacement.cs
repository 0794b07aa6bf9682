namespace Edge.Runtime.Daily;

/// <summary>
/// A meter swap declared by the technician who did it: at <paramref name="Time"/> the old meter's import register read
/// <paramref name="OldFinalWh"/> and the new meter's read <paramref name="NewInitialWh"/>. With it, the register drop is
/// consumption on both meters, not a negative delta.
/// </summary>
public sealed record MeterReplacement(string MeterId, DateTimeOffset Time, long OldFinalWh, long NewInitialWh)
{
    /// <summary>
    /// The local days whose kWh this swap can change: the interval that contains it is attributed only when it is at most
    /// <see cref="DailySeriesOptions.MaxAttributableGap"/> long, so it lies within that distance on either side.
    /// </summary>
    public (DateOnly First, DateOnly Last) AffectedDays(DailySeriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var days = new LocalDays(options.TimeZone);
        return (days.DayOf(Time - options.MaxAttributableGap), days.DayOf(Time + options.MaxAttributableGap));
    }
}
