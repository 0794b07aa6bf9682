namespace Edge.Runtime.Daily;

/// <summary>Local calendar days of a time zone as instants: where each day starts and how long it is (23 or 25 h at DST changes).</summary>
internal sealed class LocalDays(TimeZoneInfo zone)
{
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

        // Zones that change clocks at midnight skip it on that day; the day then starts at the first valid minute.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
