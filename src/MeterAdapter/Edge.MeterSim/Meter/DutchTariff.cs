namespace Edge.MeterSim.Meter;

/// <summary>
/// Local meter time for a Dutch meter and its tariff. Central European Time with EU summer time (Directive
/// 2000/84/EC: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October), which DSMR
/// marks with S/W after each timestamp. Tariff 1 (low) applies 23:00-07:00 on weekdays and all weekend, tariff 2
/// (normal) otherwise — the common Dutch grid operator schedule.
/// </summary>
public static class DutchTariff
{
    public static bool IsSummerTime(DateTimeOffset instant)
    {
        DateTime utc = instant.UtcDateTime;
        DateTime start = LastSundayAtOneUtc(utc.Year, 3);
        DateTime end = LastSundayAtOneUtc(utc.Year, 10);
        return utc >= start && utc < end;
    }

    public static DateTimeOffset ToLocal(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(IsSummerTime(instant) ? 2 : 1));

    /// <summary>1 = low, 2 = normal (0-0:96.14.0).</summary>
    public static int TariffAt(DateTime local) =>
        local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || local.Hour >= 23 || local.Hour < 7 ? 1 : 2;

    private static DateTime LastSundayAtOneUtc(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 1, 0, 0, DateTimeKind.Utc);
        return last.AddDays(-(int)last.DayOfWeek);
    }
}
