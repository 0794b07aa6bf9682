using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Rules;
using static Edge.Runtime.Tests.Rules.RuleHistories;

namespace Edge.Runtime.Tests.Rules;

public sealed class ReverseEnergyRuleTests
{
    private static readonly ReverseEnergyThresholds Thresholds = new()
    {
        PeriodDays = 1,
        MinimumExportWh = 10,
        MinimumReversePowerW = 10,
        MinimumReverseReadings = 3,
    };

    private static MeterReading Export(string meter, DateTimeOffset at, long exportWh) =>
        Reading(meter, at) with { Energy = new EnergyRegisters { ImportTotalWh = 5000, ExportTotalWh = exportWh } };

    private static MeterReading Power(string meter, DateTimeOffset at, double? importW, double? exportW = null) =>
        Reading(meter, at) with { Instant = new InstantaneousValues { ImportPowerW = importW, ExportPowerW = exportW } };

    [Fact]
    public void An_advancing_export_register_is_flagged_with_the_register_values()
    {
        // Period: 2026-11-23 00:00 up to the run at 2026-11-24 02:00. The reading on the 22nd is before it.
        var history = Meter(
            "E1",
            [1],
            Export("E1", Now.AddDays(-2), 900),
            Export("E1", Now.AddHours(-20), 1000),
            Export("E1", Now.AddHours(-10), 1000),
            Export("E1", Now.AddHours(-1), 1250));

        var alert = Assert.Single(new ReverseEnergyRule(Thresholds).Evaluate(Input(history)));

        Assert.Equal(AlertKind.ReverseEnergy, alert.Kind);
        Assert.Equal(
            "export register advanced 0.250 kWh (1000 -> 1250 Wh) since 2026-11-23 00:00 on a consumption-only meter",
            alert.Evidence);
    }

    [Fact]
    public void Power_flowing_back_is_flagged_only_from_the_minimum_number_of_readings()
    {
        MeterReading[] readings =
        [
            Power("E1", Now.AddHours(-5), 400),
            Power("E1", Now.AddHours(-4), -850),
            Power("E1", Now.AddHours(-3), -5),      // under 10 W: noise
            Power("E1", Now.AddHours(-2), 0, 120),  // export power
        ];
        Assert.Empty(new ReverseEnergyRule(Thresholds).Evaluate(Input(Meter("E1", [1], readings))));

        var alert = Assert.Single(new ReverseEnergyRule(Thresholds).Evaluate(Input(Meter("E1", [1], [.. readings, Power("E1", Now.AddHours(-1), -30)]))));
        Assert.Equal(
            "3 of 5 readings show power flowing back (up to 850 W) since 2026-11-23 00:00 on a consumption-only meter",
            alert.Evidence);
    }

    [Fact]
    public void Exempt_meters_and_small_export_are_not_flagged()
    {
        var exporting = Meter("pv-house", [1], Export("pv-house", Now.AddHours(-20), 1000), Export("pv-house", Now.AddHours(-1), 9000));
        var rounding = Meter("E2", [1], Export("E2", Now.AddHours(-20), 1000), Export("E2", Now.AddHours(-1), 1009));

        var findings = new ReverseEnergyRule(Thresholds with { ExemptMeters = ["pv-house"] }).Evaluate(Input(exporting, rounding));

        Assert.Empty(findings);
    }
}
