namespace Edge.Runtime.Daily;

/// <summary>
/// Builds one meter's daily import kWh from its register readings handed over one at a time in time order, so a day of
/// one-second telegrams never has to be held in memory (see <see cref="DailySeriesBuilder"/> for the rules). Each
/// interval between consecutive points yields a delta spread over the interval in proportion to time; a day has a value
/// only if attributable intervals cover all of it.
/// </summary>
public sealed class DailySeriesAccumulator
{
    private readonly string _meterId;
    private readonly DailySeriesOptions _options;
    private readonly LocalDays _days;
    private readonly DateOnly _firstDay;
    private readonly List<MeterReplacement> _swaps;
    private readonly double[] _energyWh;
    private readonly long[] _coveredTicks;
    private readonly List<RegisterAnomaly> _anomalies = [];
    private RegisterPoint? _previous;

    // The local day the last interval fell in, as UTC ticks [start, end): most intervals are seconds long and lie inside
    // one day, and converting every instant to local time was most of the cost of a day of one-second readings.
    private int _cachedIndex = -1;
    private long _cachedStartTicks;
    private long _cachedEndTicks;

    public DailySeriesAccumulator(
        string meterId, IReadOnlyList<MeterReplacement> replacements, DateOnly firstDay, DateOnly lastDay, DailySeriesOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentNullException.ThrowIfNull(options);
        if (lastDay < firstDay)
        {
            throw new ArgumentException($"lastDay {lastDay:O} is before firstDay {firstDay:O}", nameof(lastDay));
        }

        _meterId = meterId;
        _options = options;
        _days = new LocalDays(options.TimeZone);
        _firstDay = firstDay;
        _swaps = [.. replacements.Where(r => r.MeterId == meterId).OrderBy(r => r.Time)];
        var dayCount = lastDay.DayNumber - firstDay.DayNumber + 1;
        _energyWh = new double[dayCount];
        _coveredTicks = new long[dayCount];
    }

    /// <summary>The next reading; points must come in gateway-time order (equal times in the order they were stored).</summary>
    public void Add(RegisterPoint point)
    {
        if (_previous is not { } previous)
        {
            _previous = point;
            return;
        }

        if (point.Time < previous.Time)
        {
            throw new ArgumentException(
                $"meter {_meterId}: reading at {point.Time:O} comes after one at {previous.Time:O}; points must be in time order", nameof(point));
        }

        _previous = point;
        var span = point.Time - previous.Time;
        if (span <= TimeSpan.Zero)
        {
            return;
        }

        var deltaWh = IntervalDelta(previous, point);
        if (deltaWh is null || span > _options.MaxAttributableGap)
        {
            return;
        }

        Spread(previous.Time, point.Time, deltaWh.Value);
    }

    public DailySeries Finish()
    {
        var kwh = new float[_energyWh.Length];
        for (var d = 0; d < kwh.Length; d++)
        {
            var day = _firstDay.AddDays(d);
            var length = _days.StartOf(day.AddDays(1)) - _days.StartOf(day);
            kwh[d] = _coveredTicks[d] >= length.Ticks ? (float)(_energyWh[d] / 1000.0) : float.NaN;
        }

        return new DailySeries(_meterId, _firstDay, kwh, [.. _anomalies]);
    }

    /// <summary>The energy drawn between two readings, or null (with an anomaly recorded) when it cannot be known.</summary>
    private long? IntervalDelta(RegisterPoint previous, RegisterPoint current)
    {
        var (from, to) = (previous.Time, current.Time);
        if (SwapBetween(from, to) is { } swap)
        {
            var onOld = swap.OldFinalWh - previous.ImportWh;
            var onNew = current.ImportWh - swap.NewInitialWh;
            if (onOld < 0 || onNew < 0)
            {
                _anomalies.Add(new RegisterAnomaly(_meterId, RegisterAnomalyKind.ReplacementMismatch, from, to, previous.ImportWh, current.ImportWh));
                return null;
            }

            return onOld + onNew;
        }

        var delta = current.ImportWh - previous.ImportWh;
        if (delta >= 0)
        {
            return delta;
        }

        if (_options.RegisterModulusWh is { } modulus)
        {
            var wrapped = delta + modulus;
            var mostPossibleWh = _options.MaxPlausiblePowerW * (to - from).TotalHours;
            if (wrapped >= 0 && wrapped <= mostPossibleWh)
            {
                return wrapped;
            }
        }

        _anomalies.Add(new RegisterAnomaly(_meterId, RegisterAnomalyKind.NegativeDelta, from, to, previous.ImportWh, current.ImportWh));
        return null;
    }

    /// <summary>The declared swap in (from, to], if any (a loop, not a lambda: this runs for every reading).</summary>
    private MeterReplacement? SwapBetween(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var swap in _swaps)
        {
            if (swap.Time > from && swap.Time <= to)
            {
                return swap;
            }
        }

        return null;
    }

    /// <summary>Adds the interval's energy and coverage to each local day it overlaps, in proportion to the overlap.</summary>
    private void Spread(DateTimeOffset from, DateTimeOffset to, long deltaWh)
    {
        var total = (double)(to - from).Ticks;
        if (_cachedIndex >= 0 && from.UtcTicks >= _cachedStartTicks && to.UtcTicks <= _cachedEndTicks)
        {
            var ticks = to.UtcTicks - from.UtcTicks;
            _energyWh[_cachedIndex] += deltaWh * (ticks / total);
            _coveredTicks[_cachedIndex] += ticks;
            return;
        }

        var cursor = from;
        while (cursor < to)
        {
            var day = _days.DayOf(cursor);
            var dayStart = _days.StartOf(day);
            var dayEnd = _days.StartOf(day.AddDays(1));
            var segmentEnd = dayEnd < to ? dayEnd : to;
            var index = day.DayNumber - _firstDay.DayNumber;
            if (index >= 0 && index < _energyWh.Length)
            {
                var ticks = (segmentEnd - cursor).Ticks;
                _energyWh[index] += deltaWh * (ticks / total);
                _coveredTicks[index] += ticks;
                (_cachedIndex, _cachedStartTicks, _cachedEndTicks) = (index, dayStart.UtcTicks, dayEnd.UtcTicks);
            }

            cursor = segmentEnd;
        }
    }
}
