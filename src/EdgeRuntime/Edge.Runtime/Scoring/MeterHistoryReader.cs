using Edge.Runtime.Daily;
using Edge.Runtime.Rules;
using Edge.Runtime.Storage;

namespace Edge.Runtime.Scoring;

/// <summary>
/// Reads each meter's history for a run from the reading store (its own connection, not the writer's): a source of the
/// raw readings (<see cref="StoredReadings"/>, which the rules ask for reductions of their spans while the store stays
/// open) and the power-failure log entries for the days the rules look at, and the daily series for the model's window.
/// Nothing of a meter's raw readings is held: the days are built from the import register one point at a time
/// (<see cref="DailySeriesAccumulator"/>), in one time-ordered scan for all meters (the writer interleaves meters, so a
/// query per meter read every page of the span once per meter); when a daily aggregate source is given, days older than
/// the raw lookback come from it (raw readings are deleted by retention long before a model's window ends), and days the
/// raw readings know win.
/// </summary>
/// <param name="seriesOptions">Daily series options of a meter (its register modulus, the gateway's zone).</param>
/// <param name="replacements">Declared meter replacements, read at each run (<see cref="MeterReplacementStore.Replacements"/> in the daemon).</param>
/// <param name="storedDays">Stored daily kWh of a meter for [first, last] (NaN where unknown), or null to use raw readings only.</param>
/// <param name="lifetime">Guards <paramref name="store"/> when its owner may dispose it while a run reads it (the daemon), or null.</param>
public sealed class MeterHistoryReader(
    ReadingStore store,
    Func<string, DailySeriesOptions> seriesOptions,
    Func<IReadOnlyList<MeterReplacement>> replacements,
    Func<string, DateOnly, DateOnly, DailySeries>? storedDays = null,
    ReadingStoreLifetime? lifetime = null)
{
    /// <summary>
    /// The scan holds the store open one hour of readings at a time (about 360,000 rows at 100 one-second meters), so a
    /// host that stops waits for that much at most.
    /// </summary>
    private static readonly TimeSpan ScanStep = TimeSpan.FromHours(1);

    /// <summary>
    /// Every meter with readings: its series covering <paramref name="firstDay"/>..<paramref name="lastDay"/>, and its raw
    /// readings from the start of the last <paramref name="rawDays"/> days (all of the series' days without stored days).
    /// </summary>
    public IReadOnlyList<MeterHistory> ReadAll(DateOnly firstDay, DateOnly lastDay, DateTimeOffset now, int rawDays)
    {
        ArgumentNullException.ThrowIfNull(seriesOptions);
        var swaps = replacements();
        var rawFirst = storedDays is null ? firstDay : Later(firstDay, lastDay.AddDays(1 - Math.Max(1, rawDays)));
        var end = now.AddTicks(1);
        var ids = MeterIds();
        var meters = new Dictionary<string, (DateTimeOffset RawStart, DailySeriesAccumulator Days)>(StringComparer.Ordinal);
        foreach (var meterId in ids)
        {
            var options = seriesOptions(meterId);
            meters[meterId] = (new LocalDays(options.TimeZone).StartOf(rawFirst), new DailySeriesAccumulator(meterId, swaps, rawFirst, lastDay, options));
        }

        if (meters.Count > 0)
        {
            Scan(meters, meters.Values.Min(m => m.RawStart), end);
        }

        var result = new List<MeterHistory>();
        foreach (var meterId in ids)
        {
            using var reading = lifetime?.Enter();
            var (rawStart, days) = meters[meterId];
            var recent = days.Finish();
            result.Add(new MeterHistory(meterId, new StoredReadings(store, lifetime, meterId, rawStart, end), rawFirst == firstDay ? recent : Merge(storedDays!(meterId, firstDay, lastDay), recent))
            {
                PowerFailureLog = store.PowerFailures(meterId, rawStart, end),
            });
        }

        return result;
    }

    /// <summary>
    /// Hands each meter the import register points of [<paramref name="from"/>, <paramref name="to"/>) from its own raw
    /// start on, in the order of <see cref="ReadingStore.ImportRegister"/> (the scan's steps follow one another in time).
    /// </summary>
    private void Scan(Dictionary<string, (DateTimeOffset RawStart, DailySeriesAccumulator Days)> meters, DateTimeOffset from, DateTimeOffset to)
    {
        for (var start = from; start < to; start += ScanStep)
        {
            using var reading = lifetime?.Enter();
            var stop = to - start > ScanStep ? start + ScanStep : to;
            foreach (var (meterId, point) in store.ImportRegisters(start, stop))
            {
                if (meters.TryGetValue(meterId, out var meter) && point.Time >= meter.RawStart)
                {
                    meter.Days.Add(point);
                }
            }
        }
    }

    private IReadOnlyList<string> MeterIds()
    {
        using var reading = lifetime?.Enter();
        return store.MeterIds();
    }

    /// <summary>The stored days, with every day the raw readings know taking their value.</summary>
    private static DailySeries Merge(DailySeries stored, DailySeries recent)
    {
        var kwh = (float[])stored.Kwh.Clone();
        var offset = recent.FirstDay.DayNumber - stored.FirstDay.DayNumber;
        for (var i = 0; i < recent.Kwh.Length; i++)
        {
            if (!float.IsNaN(recent.Kwh[i]))
            {
                kwh[offset + i] = recent.Kwh[i];
            }
        }

        return stored with { Kwh = kwh, Anomalies = recent.Anomalies };
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
