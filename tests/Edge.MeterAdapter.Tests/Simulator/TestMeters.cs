using Edge.MeterSim.Consumption;

namespace Edge.MeterAdapter.Tests.Simulator;

/// <summary>Shared inputs of the simulator tests, chosen so expected values can be worked out by hand.</summary>
internal static class TestMeters
{
    /// <summary>Tuesday 2026-01-13 11:00 UTC = 12:00 CET: winter time, tariff 2 (normal).</summary>
    public static readonly DateTimeOffset WeekdayNoon = new(2026, 1, 13, 11, 0, 0, TimeSpan.Zero);

    /// <summary>24 kWh a day with a flat shape: exactly 1 kW at every moment, so one hour is 1000 Wh.</summary>
    public static readonly DailyEnergyProfile FlatOneKilowatt = new(new DateOnly(2026, 1, 1), [24.0], new DailyShape(Enumerable.Repeat(1.0, 24).ToArray()));
}
