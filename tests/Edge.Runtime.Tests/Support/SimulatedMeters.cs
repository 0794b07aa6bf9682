using Edge.MeterSim.Consumption;
using Edge.MeterSim.Meter;

namespace Edge.Runtime.Tests.Support;

/// <summary>Simulated meter states whose registers can be worked out by hand, for the polled sources' tests.</summary>
internal static class SimulatedMeters
{
    /// <summary>Tuesday 2026-01-13 11:00 UTC = 12:00 CET: tariff 2 (normal) in the simulated meters.</summary>
    public static readonly DateTimeOffset WeekdayNoon = new(2026, 1, 13, 11, 0, 0, TimeSpan.Zero);

    /// <summary>Exactly 1 kW at every moment, so one hour adds 1000 Wh.</summary>
    public static readonly DailyEnergyProfile FlatOneKilowatt = new(new DateOnly(2026, 1, 1), [24.0], new DailyShape(Enumerable.Repeat(1.0, 24).ToArray()));

    /// <summary>An honest meter drawing 1 kW from <see cref="WeekdayNoon"/>, its import register at <paramref name="initialImportWh"/>.</summary>
    public static SimulatedMeterState Honest(double initialImportWh) =>
        new(FlatOneKilowatt, TheftBehaviour.Honest, WeekdayNoon, initialImportWh);
}
