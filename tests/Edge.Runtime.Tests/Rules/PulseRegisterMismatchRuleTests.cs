using Edge.Runtime.Alerts;
using Edge.Runtime.Rules;
using static Edge.Runtime.Tests.Rules.RuleHistories;

namespace Edge.Runtime.Tests.Rules;

public sealed class PulseRegisterMismatchRuleTests
{
    private static readonly MeterPair Pair = new("s0-main", "E1");

    private static PulseRegisterMismatchRule Rule(int days = 4) =>
        new([Pair], new PulseRegisterThresholds { PeriodDays = days, ToleranceFraction = 0.05, MinimumKwh = 0.5 });

    [Fact]
    public void A_register_behind_the_pulses_is_flagged_with_the_sums_of_the_days_both_know()
    {
        // Day 3 is missing on the pulse meter, so it is left out of both sums:
        // pulses 10 + 12 + 8 = 30 kWh, register 4 + 5 + 3 = 12 kWh, missing 18 kWh = 60 % of 30,
        // tolerance max(0.5, 0.05 x 30 = 1.5) = 1.5 kWh.
        var input = Input(
            Meter("s0-main", [10, 12, float.NaN, 8]),
            Meter("E1", [4, 5, 7, 3]));

        var alert = Assert.Single(Rule().Evaluate(input));

        Assert.Equal("E1", alert.MeterId);
        Assert.Equal(AlertKind.PulseRegisterMismatch, alert.Kind);
        Assert.Equal(Now, alert.RaisedAt);
        Assert.Null(alert.Score);
        Assert.Equal(
            "S0 pulses (s0-main) counted 30.00 kWh but the register advanced 12.00 kWh over 2026-11-20..2026-11-23 (3 days both known): 18.00 kWh (60%) not registered, tolerance 1.50 kWh",
            alert.Evidence);
    }

    [Fact]
    public void A_one_day_period_names_the_day()
    {
        // Last day only: pulses 8 kWh, register 2 kWh, missing 6 kWh = 75 %, tolerance max(0.5, 0.05 x 8 = 0.4) = 0.5 kWh.
        var input = Input(
            Meter("s0-main", [10, 12, 9, 8]),
            Meter("E1", [4, 5, 7, 2]));

        var alert = Assert.Single(Rule(days: 1).Evaluate(input));

        Assert.Equal(
            "S0 pulses (s0-main) counted 8.00 kWh but the register advanced 2.00 kWh on 2026-11-23: 6.00 kWh (75%) not registered, tolerance 0.50 kWh",
            alert.Evidence);
    }

    [Theory]
    [InlineData(25f, 24f, 0)]      // missing 4 of 100 kWh: under 5 % (5 kWh)
    [InlineData(25f, 23.5f, 1)]    // missing 6 of 100 kWh: over 5 %
    [InlineData(2.5f, 2.4f, 0)]    // missing 0.4 of 10 kWh: under both 5 % and the floor (0.5 kWh each)
    [InlineData(2.5f, 2.3f, 1)]    // missing 0.8 of 10 kWh: over 5 % (0.5 kWh) and over the floor
    [InlineData(0.25f, 0.1f, 1)]   // missing 0.6 of 1 kWh: the floor (0.5) decides
    [InlineData(0.25f, 0.15f, 0)]  // missing 0.4 of 1 kWh: under the floor although 40 %
    [InlineData(5f, 6f, 0)]        // register ahead of the pulses: not a bypass
    public void Tolerance_is_the_larger_of_the_fraction_and_the_floor(float pulsePerDay, float registerPerDay, int expected)
    {
        var input = Input(
            Meter("s0-main", [pulsePerDay, pulsePerDay, pulsePerDay, pulsePerDay]),
            Meter("E1", [registerPerDay, registerPerDay, registerPerDay, registerPerDay]));

        Assert.Equal(expected, Rule().Evaluate(input).Count());
    }

    [Fact]
    public void Only_the_configured_period_counts()
    {
        // Days before the 2-day period steal; the last two days match.
        var input = Input(Meter("s0-main", [10, 10, 5, 5]), Meter("E1", [1, 1, 5, 5]));

        Assert.Empty(Rule(days: 2).Evaluate(input));
        Assert.Single(Rule(days: 4).Evaluate(input));
    }

    [Fact]
    public void No_finding_without_both_meters_or_without_a_common_day()
    {
        Assert.Empty(Rule().Evaluate(Input(Meter("s0-main", [10, 10, 10, 10]))));
        Assert.Empty(Rule().Evaluate(Input(
            Meter("s0-main", [10, float.NaN, 10, float.NaN]),
            Meter("E1", [float.NaN, 1, float.NaN, 1]))));
    }
}
