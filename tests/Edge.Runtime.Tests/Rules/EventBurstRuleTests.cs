using Edge.MeterAdapter.Readings;
using Edge.Runtime.Alerts;
using Edge.Runtime.Rules;
using Edge.Runtime.Storage;
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

    [Fact]
    public void The_long_failure_log_entries_that_ended_in_the_window_add_their_durations_to_the_evidence()
    {
        // Counter 0 -> 3 inside the window (the 24 h before 2026-11-24 02:00). The log: one failure that ended before
        // the window (not listed), and two inside it, 600 s and 1800 s, 2400 s in total, listed oldest first.
        var history = Meter(
            "E1",
            [1],
            Failures(Now.AddHours(-30), 0),
            Failures(Now.AddHours(-1), 3)) with
        {
            PowerFailureLog =
            [
                new LoggedPowerFailure("E1", Now.AddHours(-25), TimeSpan.FromSeconds(200), Now.AddHours(-25)),
                new LoggedPowerFailure("E1", Now.AddHours(-3), TimeSpan.FromSeconds(1800), Now.AddHours(-3)),
                new LoggedPowerFailure("E1", Now.AddHours(-20), TimeSpan.FromSeconds(600), Now.AddHours(-20)),
            ],
        };

        var alert = Assert.Single(EventBurstRule.PowerFailures(new EventBurstThresholds { WindowHours = 24, MinimumEvents = 3 }).Evaluate(Input(history)));

        Assert.Equal(
            "power-failure counter rose by 3 in the 24 h before 2026-11-24 02:00 (0 at 2026-11-22 20:00, 3 at 2026-11-24 01:00); threshold 3; "
            + "long power-failure log: 2 ended in the window, 2400 s off in total (600 s ending 2026-11-23 06:00:00 +00:00, 1800 s ending 2026-11-23 23:00:00 +00:00)",
            alert.Evidence);

        // No logged failure in the window: the evidence is the counter's alone.
        var noLog = history with { PowerFailureLog = [history.PowerFailureLog[0]] };
        Assert.EndsWith("threshold 3", Assert.Single(EventBurstRule.PowerFailures(new EventBurstThresholds { WindowHours = 24, MinimumEvents = 3 }).Evaluate(Input(noLog))).Evidence, StringComparison.Ordinal);
    }
}
