using Edge.Runtime.Daily;

namespace Edge.Runtime.Storage;

/// <summary>
/// The store's background upkeep, one pass at a time: first brings each meter's daily kWh up to date from its raw
/// readings (register deltas through <see cref="DailySeriesBuilder"/>, with the declared meter replacements), then
/// recomputes the days of replacements declared since the last pass (their declaration marked those days missing), then
/// deletes raw readings past their retention and daily values past theirs (<see cref="DailyRetention"/>), in small transactions. Aggregating first
/// means a day is computed while its raw readings still exist. The raw readings are streamed (register and time only),
/// and with <see cref="StoreMaintenanceOptions.Progress"/> a pass reads only those that can still change a day.
/// </summary>
public sealed class StoreMaintenance(ReadingStore readings, DailyEnergyStore daily, MeterReplacementStore replacements, StoreMaintenanceOptions options)
{
    /// <summary>Days computed per scan of the raw readings, so a long backlog is not read in one long read transaction.</summary>
    private const int DaysPerChunk = 7;

    /// <summary>How long after its gateway time a reading may still be committed (the writer's batching takes milliseconds).</summary>
    private static readonly TimeSpan LateCommitAllowance = TimeSpan.FromMinutes(15);

    public StoreMaintenanceResult RunOnce(DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var days = new LocalDays(options.TimeZone);
        var today = days.DayOf(now);
        var swaps = replacements.Replacements();
        var written = AggregateEndedDays(swaps, days, today, now);
        written += RecomputeDeclaredSwaps(days, today, now);
        var rawDeleted = readings.ApplyRetention(now);
        var dailyDays = DailyRetention.Days(options.DailyRetentionDays, options.ModelWindowDays());
        var dailyDeleted = daily.DeleteBefore(today.AddDays(-dailyDays));
        return new StoreMaintenanceResult(written, rawDeleted, dailyDeleted) { DailyRetentionDays = dailyDays };
    }

    /// <summary>
    /// Recomputes each meter's ended days that can have changed since the last pass, or, when this process has not
    /// aggregated the meter yet, those from the day before the last one stored. Today is left out: the readings end at
    /// the pass, so nothing can cover all of today yet and its value would be missing anyway. All meters are read in one
    /// scan in time order: the writer interleaves them, so a scan per meter read every page of the range once per meter.
    /// </summary>
    private long AggregateEndedDays(IReadOnlyList<MeterReplacement> swaps, LocalDays days, DateOnly today, DateTimeOffset now)
    {
        var lastEnded = today.AddDays(-1);
        var due = new List<(MeterRegister Meter, DateOnly First)>();
        foreach (var meter in options.Meters)
        {
            var lastStored = daily.LastDay(meter.MeterId);
            var first = lastStored is { } last
                ? FirstChangeableDay(meter.MeterId, last, days, now)
                : (readings.EarliestTime(meter.MeterId) is { } earliest ? days.DayOf(earliest) : (DateOnly?)null);
            if (first is { } day)
            {
                due.Add((meter, day));
            }
        }

        long written = 0;
        var start = due.Count == 0 ? lastEnded.AddDays(1) : due.Min(d => d.First);
        for (; start <= lastEnded; start = start.AddDays(DaysPerChunk))
        {
            var end = start.AddDays(DaysPerChunk - 1) < lastEnded ? start.AddDays(DaysPerChunk - 1) : lastEnded;
            written += AggregateChunk([.. due.Where(d => d.First <= end)], swaps, days, start, end, now);
        }

        foreach (var (meter, _) in due)
        {
            options.Progress.Record(meter.MeterId, now);
        }

        return written;
    }

    /// <summary>
    /// Days <paramref name="start"/>..<paramref name="end"/> (each meter from its own first day) in one scan. A meter
    /// handed readings from before its first day gets the same days: intervals before it add to no day, and one reaching
    /// into it from before the scan's start would be longer than the max gap.
    /// </summary>
    private long AggregateChunk(
        List<(MeterRegister Meter, DateOnly First)> due, IReadOnlyList<MeterReplacement> swaps, LocalDays days, DateOnly start, DateOnly end, DateTimeOffset now)
    {
        var series = new Dictionary<string, DailySeriesAccumulator>(StringComparer.Ordinal);
        foreach (var (meter, first) in due)
        {
            series[meter.MeterId] = new DailySeriesAccumulator(meter.MeterId, swaps, first > start ? first : start, end, SeriesOptions(meter.ModulusWh));
        }

        var (from, to) = ReadingSpan(days, due.Min(d => d.First > start ? d.First : start), end, now);
        foreach (var (meterId, point) in readings.ImportRegisters(from, to))
        {
            if (series.TryGetValue(meterId, out var accumulator))
            {
                accumulator.Add(point);
            }
        }

        long written = 0;
        foreach (var accumulator in series.Values)
        {
            var computed = accumulator.Finish();
            daily.Upsert(computed);
            written += computed.Kwh.Length;
        }

        return written;
    }

    /// <summary>
    /// A reading stored after the last pass changes a day only through an interval that ends after that pass and, being
    /// attributable, is at most the max gap long; days that ended before that (less an allowance for readings committed
    /// just after the pass read) are final, so after about 03:15 an hourly pass has nothing to read. Reading every
    /// raw reading since yesterday each hour cost up to two days of one-second telegrams per meter.
    /// </summary>
    private DateOnly FirstChangeableDay(string meterId, DateOnly lastStored, LocalDays days, DateTimeOffset now)
    {
        if (options.Progress.AggregatedAt(meterId) is not { } previous || previous > now)
        {
            return lastStored.AddDays(-1);
        }

        var firstChangeable = days.DayOf(previous - options.MaxGap - LateCommitAllowance);
        var firstNotStored = lastStored.AddDays(1);
        return firstChangeable < firstNotStored ? firstChangeable : firstNotStored;
    }

    /// <summary>
    /// The days a newly declared swap changes, computed again with it and stored as computed, a missing day included
    /// (the old value was computed without the swap; when the raw readings are gone, missing is the truth).
    /// </summary>
    private long RecomputeDeclaredSwaps(LocalDays days, DateOnly today, DateTimeOffset now)
    {
        // The list is read after the pending ones, so it holds each of them even when declared during this pass.
        var pending = replacements.AwaitingRecompute();
        var swaps = pending.Count == 0 ? [] : replacements.Replacements();
        long written = 0;
        foreach (var declared in pending)
        {
            var meter = options.Meters.FirstOrDefault(m => m.MeterId == declared.MeterId);
            var (first, last) = declared.ToReplacement().AffectedDays(SeriesOptions(meter?.ModulusWh));
            if (meter is not null && first <= today)
            {
                var series = Compute(meter, swaps, days, first, last < today ? last : today, now);
                daily.Replace(series);
                written += series.Kwh.Length;
            }

            replacements.MarkRecomputed(declared.Id);
        }

        return written;
    }

    private DailySeries Compute(MeterRegister meter, IReadOnlyList<MeterReplacement> swaps, LocalDays days, DateOnly start, DateOnly end, DateTimeOffset now)
    {
        var (from, to) = ReadingSpan(days, start, end, now);
        return DailySeriesBuilder.Build(meter.MeterId, readings.ImportRegister(meter.MeterId, from, to), swaps, start, end, SeriesOptions(meter.ModulusWh));
    }

    /// <summary>The readings days start..end need: a gap's length beyond both ends, so intervals across the edges are spread too; none after now.</summary>
    private (DateTimeOffset From, DateTimeOffset To) ReadingSpan(LocalDays days, DateOnly start, DateOnly end, DateTimeOffset now)
    {
        var from = days.StartOf(start) - options.MaxGap;
        var to = days.StartOf(end.AddDays(1)) + options.MaxGap;
        return (from, to < now ? to : now.AddTicks(1));
    }

    private DailySeriesOptions SeriesOptions(long? modulusWh) =>
        new() { TimeZone = options.TimeZone, RegisterModulusWh = modulusWh, MaxAttributableGap = options.MaxGap };
}

/// <summary>A meter's register as the daily aggregation needs it.</summary>
/// <param name="ModulusWh">The register wraps at this many Wh; null when it never wraps.</param>
public sealed record MeterRegister(string MeterId, long? ModulusWh);

public sealed record StoreMaintenanceOptions
{
    public required IReadOnlyList<MeterRegister> Meters { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary><c>storage.dailyRetentionDays</c>; a pass keeps more when the models need it (<see cref="DailyRetention"/>).</summary>
    public int DailyRetentionDays { get; init; } = DailyRetention.DefaultDays;

    /// <summary>
    /// The longest feature window of the active model and the rollback candidate, asked at every pass so a model
    /// installed since the last one counts (model delivery's <c>IModelProvider.WindowDaysNeeded</c> in the daemon).
    /// </summary>
    public Func<int> ModelWindowDays { get; init; } = () => 0;

    /// <summary>Longest interval between readings whose delta is spread (<c>storage.maxGapHours</c>).</summary>
    public TimeSpan MaxGap { get; init; } = new DailySeriesOptions().MaxAttributableGap;

    /// <summary>What earlier passes of this process did; the daemon keeps one for its lifetime.</summary>
    public AggregationProgress Progress { get; init; } = new();
}

/// <summary>What one pass did: days written (recomputed), raw readings and daily values deleted.</summary>
public sealed record StoreMaintenanceResult(long DaysWritten, long RawDeleted, long DailyDeleted)
{
    /// <summary>The daily retention the pass applied: the configured one, or the models' window when longer.</summary>
    public int DailyRetentionDays { get; init; }
}
