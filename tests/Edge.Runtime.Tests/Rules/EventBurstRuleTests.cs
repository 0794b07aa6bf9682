using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Rules;
using static Edge.Runtime.Tests.Rules.RuleHistories;

namespace Edge.Runtime.Tests.Rules;

public sealed class EventBurstRuleTests
{
    private static MeterReading Tamper(DateTimeOffset at, int count) =>
        Reading("E1", at) with { Events = new MeterEvents { TamperEvents = count } };

    private static MeterReading Failures(DateTimeOffset at, int count) =>
        Reading("E1", at) with { Events = new MeterEvents { PowerFailures = count } };

    [Fact]
    public void Increments_inside_the_window_count_from_the_last_reading_before_it()
    {
        // Window: the 24 h before 2026-11-24 02:00. Baseline 5 at 2026-11-22 22:00 (before the window);
        // then 5, 6, 6, 8: increments 0 + 1 + 0 + 2 = 3 >= 3.
        var history = Meter(
            "E1",
            [1],
            Tamper(Now.AddHours(-40), 1),
            Tamper(Now.AddHours(-28), 5),
            Tamper(Now.AddHours(-20), 5),
            Tamper(Now.AddHours(-12), 6),
            Tamper(Now.AddHours(-6), 6),
            Tamper(Now.AddHours(-1), 8));

        var alert = Assert.Single(EventBurstRule.Tamper(new EventBurstThresholds { WindowHours = 24, MinimumEvents = 3 }).Evaluate(Input(history)));

        Assert.Equal(AlertKind.TamperBurst, alert.Kind);
        Assert.Equal(
            "tamper counter rose by 3 in the 24 h before 2026-11-24 02:00 (5 at 2026-11-22 22:00, 8 at 2026-11-24 01:00); threshold 3",
            alert.Evidence);
        Assert.Empty(EventBurstRule.Tamper(new EventBurstThresholds { WindowHours = 24, MinimumEvents = 4 }).Evaluate(Input(history)));
    }

    [Fact]
    public void A_counter_reset_starts_a_new_baseline_and_counts_no_negative_events()
    {
        // 10 -> 12 (+2), reset to 0 (0), 0 -> 3 (+3): 5 power failures.
        var history = Meter(
            "E1",
            [1],
            Failures(Now.AddHours(-30), 10),
            Failures(Now.AddHours(-10), 12),
            Failures(Now.AddHours(-8), 0),
            Failures(Now.AddHours(-2), 3));

        var alert = Assert.Single(EventBurstRule.PowerFailures(new EventBurstThresholds { WindowHours = 24, MinimumEvents = 5 }).Evaluate(Input(history)));

        Assert.Equal(AlertKind.PowerFailureBurst, alert.Kind);
        Assert.StartsWith("power-failure counter rose by 5 in the 24 h", alert.Evidence, StringComparison.Ordinal);
        Assert.Empty(EventBurstRule.Tamper(new EventBurstThresholds { MinimumEvents = 1 }).Evaluate(Input(history)));
    }
}
