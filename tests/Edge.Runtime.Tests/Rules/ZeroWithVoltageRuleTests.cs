using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Rules;
using static Edge.Runtime.Tests.Rules.RuleHistories;

namespace Edge.Runtime.Tests.Rules;

public sealed class ZeroWithVoltageRuleTests
{
    private static readonly ZeroWithVoltageThresholds Thresholds = new() { Days = 3, MaxKwhPerDay = 0, MinimumVoltageV = 180 };

    private static MeterReading Volts(DateTimeOffset at, params double?[] phases) =>
        Reading("E1", at) with { Instant = new InstantaneousValues { VoltageV = phases } };

    // One reading at noon of each of the last three days (2026-11-21, 22, 23).
    private static readonly DateTimeOffset Noon21 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Zero_days_with_voltage_on_each_are_flagged_with_the_lowest_daily_maximum()
    {
        // Daily maxima: 231.0, max(229.5, null, 0) = 229.5, 232.1: lowest 229.5 V.
        var history = Meter(
            "E1",
            [4.2f, 0, 0, 0],
            Volts(Noon21, 231.0),
            Volts(Noon21.AddDays(1), 229.5, null, 0),
            Volts(Noon21.AddDays(2), 232.1));

        var alert = Assert.Single(new ZeroWithVoltageRule(Thresholds).Evaluate(Input(history)));

        Assert.Equal(AlertKind.ZeroWithVoltage, alert.Kind);
        Assert.Equal(
            "0.000 kWh over 3 days 2026-11-21..2026-11-23 (at most 0.000 kWh each) while supply voltage was present every day (lowest daily maximum 229.5 V, threshold 180 V)",
            alert.Evidence);
    }

    [Fact]
    public void A_missing_day_a_day_with_consumption_or_a_day_without_voltage_is_no_finding()
    {
        MeterReading[] volts = [Volts(Noon21, 231), Volts(Noon21.AddDays(1), 231), Volts(Noon21.AddDays(2), 231)];
        var rule = new ZeroWithVoltageRule(Thresholds);

        Assert.Empty(rule.Evaluate(Input(Meter("E1", [0, float.NaN, 0], volts))));
        Assert.Empty(rule.Evaluate(Input(Meter("E1", [0, 0.3f, 0], volts))));
        Assert.Empty(rule.Evaluate(Input(Meter("E1", [0, 0, 0], volts[0], volts[2]))));
        Assert.Empty(rule.Evaluate(Input(Meter("E1", [0, 0, 0], volts[0], Volts(Noon21.AddDays(1), 12), volts[2]))));
        Assert.Empty(rule.Evaluate(Input(Meter("E1", [0, 0], volts))));
        Assert.Single(rule.Evaluate(Input(Meter("E1", [0, 0, 0], volts))));
    }
}
