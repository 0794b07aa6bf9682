using Edge.MeterAdapter.Readings;
using Edge.Runtime.Daily;
using Edge.Runtime.Rules;

namespace Edge.Runtime.Tests.Rules;

/// <summary>Meter histories written by hand for rule tests: daily kWh as given, readings as given.</summary>
internal static class RuleHistories
{
    /// <summary>The run is at 02:00 UTC on 2026-11-24; the last complete day is 2026-11-23.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly LastDay = new(2026, 11, 23);

    public static MeterHistory Meter(string id, float[] dailyKwh, params MeterReading[] readings) =>
        Meter(id, dailyKwh, new ListedReadings(readings));

    public static MeterHistory Meter(string id, float[] dailyKwh, RawReadings readings) =>
        new(id, readings, new DailySeries(id, LastDay.AddDays(1 - dailyKwh.Length), dailyKwh, []));

    public static RuleInput Input(params MeterHistory[] meters) =>
        new(meters.ToDictionary(m => m.MeterId, StringComparer.Ordinal), Now, TimeZoneInfo.Utc);

    public static MeterReading Reading(string meter, DateTimeOffset at) => new()
    {
        MeterId = meter,
        Protocol = MeterProtocol.DsmrP1,
        GatewayTime = at,
    };
}
