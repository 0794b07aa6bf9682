using Edge.MeterSim.Consumption;
using Edge.MeterSim.Meter;

namespace Edge.MeterAdapter.Tests.Simulator;

public sealed class SimulatedMeterStateTests
{
    [Fact]
    public void Honest_meter_registers_the_true_energy_on_the_active_tariff()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, TheftBehaviour.Honest, TestMeters.WeekdayNoon);
        // A flat 24 kWh/day draws 1 kW: one hour is 1000 Wh.
        meter.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1000, meter.TrueEnergyWh, 6);
        Assert.Equal(1000, meter.ImportTariff2Wh, 6);
        Assert.Equal(0, meter.ImportTariff1Wh);
        Assert.Equal(1000, meter.ImportPowerW, 6);
        Assert.Equal(2, meter.Tariff);
    }

    [Fact]
    public void Bypass_scales_the_registers_but_not_the_true_energy()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, new TheftBehaviour { BypassFactor = 0.25 }, TestMeters.WeekdayNoon);
        meter.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2000, meter.TrueEnergyWh, 6);
        Assert.Equal(500, meter.ImportTariff1Wh + meter.ImportTariff2Wh, 6);
        Assert.Equal(250, meter.ImportPowerW, 6);
    }

    [Fact]
    public void Reversed_meter_runs_up_export_instead_of_import()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, new TheftBehaviour { ReverseEnergy = true }, TestMeters.WeekdayNoon);
        meter.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, meter.ImportTariff1Wh + meter.ImportTariff2Wh);
        Assert.Equal(1000, meter.ExportTariff2Wh, 6);
        Assert.Equal(1000, meter.ExportPowerW, 6);
        Assert.Equal(0, meter.ImportPowerW);
    }

    [Theory]
    [InlineData("2026-03-29T00:59:59Z", false)] // last Sunday of March, just before 01:00 UTC
    [InlineData("2026-03-29T01:00:00Z", true)]
    [InlineData("2026-10-25T00:59:59Z", true)] // last Sunday of October
    [InlineData("2026-10-25T01:00:00Z", false)]
    public void Summer_time_follows_the_EU_rule(string utc, bool summer)
    {
        Assert.Equal(summer, DutchTariff.IsSummerTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(2026, 1, 13, 6, 59, 1)] // Tuesday before 07:00: low
    [InlineData(2026, 1, 13, 7, 0, 2)]
    [InlineData(2026, 1, 13, 22, 59, 2)]
    [InlineData(2026, 1, 13, 23, 0, 1)]
    [InlineData(2026, 1, 17, 12, 0, 1)] // Saturday: low all day
    public void Dutch_tariff_schedule(int year, int month, int day, int hour, int minute, int tariff)
    {
        Assert.Equal(tariff, DutchTariff.TariffAt(new DateTime(year, month, day, hour, minute, 0)));
    }

    [Fact]
    public void Clock_jump_moves_meter_time_not_true_time()
    {
        var meter = new SimulatedMeterState(TestMeters.FlatOneKilowatt, TheftBehaviour.Honest, TestMeters.WeekdayNoon);
        meter.JumpClock(TimeSpan.FromHours(-3));
        Assert.Equal(TestMeters.WeekdayNoon, meter.TrueTime);
        Assert.Equal(TestMeters.WeekdayNoon.AddHours(-3), meter.MeterTime);
        Assert.Equal(TimeSpan.FromHours(1), meter.MeterTime.Offset);
    }
}
