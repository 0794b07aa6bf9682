using Edge.Runtime.Daily;

namespace Edge.Runtime.Storage;

/// <summary>
/// The store's background upkeep, one pass at a time: first brings each meter's daily kWh up to date from its raw
/// readings (register deltas through <see cref="DailySeriesBuilder"/>), then deletes raw readings past their
/// retention and daily values past theirs, in small transactions. Aggregating first means a day is computed while its
/// raw readings still exist.
/// </summary>
public sealed class StoreMaintenance(ReadingStore readings, DailyEnergyStore daily, StoreMaintenanceOptions options)
{
    /// <summary>Days computed per pass over the raw readings, so a long backlog never loads months of readings at once.</summary>
    private const int DaysPerChunk = 7;

    public StoreMaintenanceResult RunOnce(DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var days = new LocalDays(options.TimeZone);
        var today = days.DayOf(now);
        long written = 0;
        foreach (var meter in options.Meters)
        {
            written += Aggregate(meter, days, today, now);
        }

        var rawDeleted = readings.ApplyRetention(now);
        var dailyDeleted = daily.DeleteBefore(today.AddDays(-options.DailyRetentionDays));
        return new StoreMaintenanceResult(written, rawDeleted, dailyDeleted);
    }

    /// <summary>Recomputes the meter's days from the day before the last one stored (it may have been partial) to today.</summary>
    private long Aggregate(MeterRegister meter, LocalDays days, DateOnly today, DateTimeOffset now)
    {
        var first = daily.LastDay(meter.MeterId)?.AddDays(-1)
            ?? (readings.EarliestTime(meter.MeterId) is { } earliest ? days.DayOf(earliest) : (DateOnly?)null);
        if (first is null)
        {
            return 0;
        }

        var seriesOptions = new DailySeriesOptions { TimeZone = options.TimeZone, RegisterModulusWh = meter.ModulusWh };
        long written = 0;
        for (var start = first.Value; start <= today; start = start.AddDays(DaysPerChunk))
        {
            var end = start.AddDays(DaysPerChunk - 1) < today ? start.AddDays(DaysPerChunk - 1) : today;

            // Readings a gap's length beyond both ends, so intervals across the chunk's edges are spread too.
            var from = days.StartOf(start) - seriesOptions.MaxAttributableGap;
            var to = days.StartOf(end.AddDays(1)) + seriesOptions.MaxAttributableGap;
            var raw = readings.Read(meter.MeterId, from, to < now ? to : now.AddTicks(1));
            var series = DailySeriesBuilder.Build(meter.MeterId, raw, options.Replacements, start, end, seriesOptions);
            daily.Upsert(series);
            written += series.Kwh.Length;
        }

        return written;
    }
}

/// <summary>A meter's register as the daily aggregation needs it.</summary>
/// <param name="ModulusWh">The register wraps at this many Wh; null when it never wraps.</param>
public sealed record MeterRegister(string MeterId, long? ModulusWh);

public sealed record StoreMaintenanceOptions
{
    public required IReadOnlyList<MeterRegister> Meters { get; init; }

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public int DailyRetentionDays { get; init; } = 800;

    /// <summary>Meter swaps declared by technicians, so a swap is not a negative delta.</summary>
    public IReadOnlyList<MeterReplacement> Replacements { get; init; } = [];
}

/// <summary>What one pass did: days written (recomputed), raw readings and daily values deleted.</summary>
public sealed record StoreMaintenanceResult(long DaysWritten, long RawDeleted, long DailyDeleted);
