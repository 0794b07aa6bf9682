namespace Edge.Runtime.Scoring;

/// <summary>When the daily run is due: the next <see cref="ScoringOptions.DailyAt"/> in the gateway's zone.</summary>
public static class ScoringSchedule
{
    /// <summary>
    /// The first instant after <paramref name="now"/> whose local time is <paramref name="dailyAt"/>. On a day where that
    /// local time does not exist (clocks jump over it), the run is at the first valid minute after it.
    /// </summary>
    public static DateTimeOffset NextAfter(DateTimeOffset now, TimeOnly dailyAt, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var day = today.AddDays(-1); ; day = day.AddDays(1))
        {
            var local = day.ToDateTime(dailyAt, DateTimeKind.Unspecified);
            while (zone.IsInvalidTime(local))
            {
                local = local.AddMinutes(1);
            }

            // An ambiguous time (clocks going back) is taken at its first occurrence, the larger offset.
            var offsets = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local) : [zone.GetUtcOffset(local)];
            var at = new DateTimeOffset(local, offsets.Max());
            if (at > now)
            {
                return at;
            }
        }
    }
}
