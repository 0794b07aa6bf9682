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
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentNullException.ThrowIfNull(options);
        if (lastDay < firstDay)
        {
            throw new ArgumentException($"lastDay {lastDay:O} is before firstDay {firstDay:O}", nameof(lastDay));
        }

        var days = new LocalDays(options.TimeZone);
        var dayCount = lastDay.DayNumber - firstDay.DayNumber + 1;
        var energyWh = new double[dayCount];
        var coveredTicks = new long[dayCount];
        var anomalies = new List<RegisterAnomaly>();

        var points = readings
            .Where(r => r.MeterId == meterId && r.Energy.TotalImportWh is not null)
            .Select(r => (Time: r.GatewayTime, Wh: r.Energy.TotalImportWh!.Value))
            .OrderBy(p => p.Time)
            .ToList();
        var swaps = replacements.Where(r => r.MeterId == meterId).OrderBy(r => r.Time).ToList();

        for (var i = 1; i < points.Count; i++)
        {
            var (from, previousWh) = points[i - 1];
            var (to, currentWh) = points[i];
            var span = to - from;
            if (span <= TimeSpan.Zero)
            {
                continue;
            }

            var deltaWh = IntervalDelta(meterId, from, to, previousWh, currentWh, swaps, options, anomalies);
            if (deltaWh is null || span > options.MaxAttributableGap)
            {
                continue;
            }

            Spread(days, from, to, deltaWh.Value, firstDay, energyWh, coveredTicks);
        }

        var kwh = new float[dayCount];
        for (var d = 0; d < dayCount; d++)
        {
            var day = firstDay.AddDays(d);
            var length = days.StartOf(day.AddDays(1)) - days.StartOf(day);
            kwh[d] = coveredTicks[d] >= length.Ticks ? (float)(energyWh[d] / 1000.0) : float.NaN;
        }

        return new DailySeries(meterId, firstDay, kwh, anomalies);
    }

    /// <summary>The energy drawn between two readings, or null (with an anomaly recorded) when it cannot be known.</summary>
    private static long? IntervalDelta(
        string meterId,
        DateTimeOffset from,
        DateTimeOffset to,
        long previousWh,
        long currentWh,
        List<MeterReplacement> swaps,
        DailySeriesOptions options,
        List<RegisterAnomaly> anomalies)
    {
        var swap = swaps.Find(s => s.Time > from && s.Time <= to);
        if (swap is not null)
        {
            var onOld = swap.OldFinalWh - previousWh;
            var onNew = currentWh - swap.NewInitialWh;
            if (onOld < 0 || onNew < 0)
            {
                anomalies.Add(new RegisterAnomaly(meterId, RegisterAnomalyKind.ReplacementMismatch, from, to, previousWh, currentWh));
                return null;
            }

            return onOld + onNew;
        }

        var delta = currentWh - previousWh;
        if (delta >= 0)
        {
            return delta;
        }

        if (options.RegisterModulusWh is { } modulus)
        {
            var wrapped = delta + modulus;
            var mostPossibleWh = options.MaxPlausiblePowerW * (to - from).TotalHours;
            if (wrapped >= 0 && wrapped <= mostPossibleWh)
            {
                return wrapped;
            }
        }

        anomalies.Add(new RegisterAnomaly(meterId, RegisterAnomalyKind.NegativeDelta, from, to, previousWh, currentWh));
        return null;
    }

    /// <summary>Adds the interval's energy and coverage to each local day it overlaps, in proportion to the overlap.</summary>
    private static void Spread(
        LocalDays days, DateTimeOffset from, DateTimeOffset to, long deltaWh, DateOnly firstDay, double[] energyWh, long[] coveredTicks)
    {
        var total = (double)(to - from).Ticks;
        var cursor = from;
        while (cursor < to)
        {
            var day = days.DayOf(cursor);
            var dayEnd = days.StartOf(day.AddDays(1));
            var segmentEnd = dayEnd < to ? dayEnd : to;
            var index = day.DayNumber - firstDay.DayNumber;
            if (index >= 0 && index < energyWh.Length)
            {
                var ticks = (segmentEnd - cursor).Ticks;
                energyWh[index] += deltaWh * (ticks / total);
                coveredTicks[index] += ticks;
            }

            cursor = segmentEnd;
        }
    }
}
