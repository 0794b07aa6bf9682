using Edge.Runtime.Daily;

namespace Edge.Runtime.Rules;

/// <summary>One run's view of every meter, keyed by meter id; <see cref="Now"/> is the run's gateway time.</summary>
public sealed record RuleInput(IReadOnlyDictionary<string, MeterHistory> Meters, DateTimeOffset Now, TimeZoneInfo TimeZone)
{
    /// <summary>
    /// The last <paramref name="days"/> days of <paramref name="history"/>'s daily series (fewer when the series is shorter),
    /// as (first day, values).
    /// </summary>
    public static (DateOnly FirstDay, ReadOnlyMemory<float> Kwh) LastDays(MeterHistory history, int days)
    {
        ArgumentNullException.ThrowIfNull(history);
        var kwh = history.Daily.Kwh;
        var take = Math.Min(days, kwh.Length);
        return (history.Daily.LastDay.AddDays(1 - take), kwh.AsMemory(kwh.Length - take));
    }
}
