using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Daily;

/// <summary>
/// Builds daily import kWh from cumulative register readings. Each interval between consecutive readings (ordered by
/// gateway time; the meter's own clock is ignored because it jumps) yields a delta that is spread over the interval in
/// proportion to time, so an interval across midnight feeds both days. A day has a value only if intervals with known
/// deltas cover all of it; otherwise it is NaN (missing), never zero. Gaps longer than
/// <see cref="DailySeriesOptions.MaxAttributableGap"/> are not spread: their days stay missing and the model's cleaning
/// policy decides what to do with them, exactly as in training.
/// </summary>
public static class DailySeriesBuilder
{
    public static DailySeries Build(
        string meterId,
        IReadOnlyList<MeterReading> readings,
        IReadOnlyList<MeterReplacement> replacements,
        DateOnly firstDay,
        DateOnly lastDay,
        DailySeriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var points = readings
            .Where(r => r.MeterId == meterId && r.Energy.TotalImportWh is not null)
            .Select(r => new RegisterPoint(r.GatewayTime, r.Energy.TotalImportWh!.Value))
            .OrderBy(p => p.Time);
        return Build(meterId, points, replacements, firstDay, lastDay, options);
    }

    /// <summary>The series of register points already in time order (as the store reads them), consumed one at a time.</summary>
    public static DailySeries Build(
        string meterId,
        IEnumerable<RegisterPoint> orderedPoints,
        IReadOnlyList<MeterReplacement> replacements,
        DateOnly firstDay,
        DateOnly lastDay,
        DailySeriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(orderedPoints);
        var accumulator = new DailySeriesAccumulator(meterId, replacements, firstDay, lastDay, options);
        foreach (var point in orderedPoints)
        {
            accumulator.Add(point);
        }

        return accumulator.Finish();
    }
}
