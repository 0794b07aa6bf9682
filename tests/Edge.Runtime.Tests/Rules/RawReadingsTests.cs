using Edge.MeterAdapter.Readings;
using Edge.Runtime.Rules;
using static Edge.Runtime.Tests.Rules.RuleHistories;

namespace Edge.Runtime.Tests.Rules;

public sealed class RawReadingsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static MeterReading Tamper(DateTimeOffset at, int? count) =>
        Reading("E1", at) with { Events = new MeterEvents { TamperEvents = count } };

    [Fact]
    public void Between_reads_only_the_part_of_the_span_asked_for_and_nothing_outside_it()
    {
        // Readings at 00:00..10:00 hourly; the span is [02:00, 08:00).
        var readings = new ListedReadings(Enumerable.Range(0, 11).Select(h => Reading("E1", T0.AddHours(h))), T0.AddHours(2), T0.AddHours(8));

        Assert.Equal([T0.AddHours(2), T0.AddHours(3), T0.AddHours(4)], readings.Between(T0, T0.AddHours(5)).Select(r => r.GatewayTime));
        Assert.Equal([T0.AddHours(7)], readings.Between(T0.AddHours(7), T0.AddDays(1)).Select(r => r.GatewayTime));
        Assert.Empty(readings.Between(T0.AddHours(8), T0.AddDays(1)));
        Assert.Empty(readings.Between(T0.AddHours(5), T0.AddHours(5)));

        // The source was asked for [02:00, 05:00) and [07:00, 08:00) only; empty parts are not read at all.
        Assert.Equal([(T0.AddHours(2), T0.AddHours(5)), (T0.AddHours(7), T0.AddHours(8))], readings.Spans);
    }

    [Fact]
    public void LastBefore_reads_back_over_doubling_spans_until_one_has_a_match()
    {
        // Before 2026-11-24 00:00: a counter reading 30 h earlier, then readings without the counter 3 h and 30 min earlier.
        var t = T0.AddDays(1);
        var readings = new ListedReadings([Tamper(t.AddHours(-30), 4), Tamper(t.AddHours(-3), null), Tamper(t.AddMinutes(-30), null)]);

        var found = readings.LastBefore(t, r => r.Events.TamperEvents is not null);

        Assert.Equal((t.AddHours(-30), 4), (found!.GatewayTime, found.Events.TamperEvents));

        // Spans of 1, 2, 4, 8, 16 h back from t: [t-1h, t), [t-3h, t-1h), [t-7h, t-3h), [t-15h, t-7h), [t-31h, t-15h).
        Assert.Equal(
            [(t.AddHours(-1), t), (t.AddHours(-3), t.AddHours(-1)), (t.AddHours(-7), t.AddHours(-3)), (t.AddHours(-15), t.AddHours(-7)), (t.AddHours(-31), t.AddHours(-15))],
            readings.Spans);
    }

    [Fact]
    public void LastBefore_takes_the_last_of_equal_times_and_stops_at_the_start_of_the_span()
    {
        var t = T0.AddDays(1);
        var readings = new ListedReadings([Tamper(t.AddHours(-2), 1), Tamper(t.AddHours(-2), 2), Tamper(t.AddHours(-5), 9)], t.AddHours(-4), t);

        Assert.Equal(2, readings.LastBefore(t, r => r.Events.TamperEvents is not null)!.Events.TamperEvents);
        Assert.Null(readings.LastBefore(t, r => r.Events.TamperEvents == 9)); // 9 is before the span

        // The second search: [t-1h, t), [t-3h, t-1h), then only up to the span's start, [t-4h, t-3h).
        Assert.Equal([(t.AddHours(-1), t), (t.AddHours(-3), t.AddHours(-1)), (t.AddHours(-4), t.AddHours(-3))], readings.Spans[2..]);
    }

    [Fact]
    public void Each_rule_reads_only_the_span_it_needs_once()
    {
        // A week of readings every minute up to the run (2026-11-17 02:00 .. 2026-11-24 02:00), all with voltage 230 V,
        // the tamper counter and an export register.
        var weekAgo = Now.AddDays(-7);
        MeterReading Minute(int m) => Reading("E1", weekAgo.AddMinutes(m)) with
        {
            Instant = new InstantaneousValues { VoltageV = [230.0] },
            Events = new MeterEvents { TamperEvents = 0 },
            Energy = new EnergyRegisters { ExportTotalWh = 0 },
        };
        ListedReadings Week() => new(Enumerable.Range(0, (7 * 1440) + 1).Select(Minute));

        // Reverse energy over its one day: [2026-11-23 00:00, the run].
        var reverse = Week();
        Assert.Empty(new ReverseEnergyRule(new ReverseEnergyThresholds()).Evaluate(Input(Meter("E1", [1], reverse))));
        Assert.Equal([(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), Now.AddTicks(1))], reverse.Spans);
        Assert.Equal((26 * 60) + 1, reverse.Handed); // 26 h of minutes and the run's own

        // Tamper burst over 24 h: the window [2026-11-23 02:00, the run], then the baseline found in the hour before it.
        var tamper = Week();
        Assert.Empty(EventBurstRule.Tamper(new EventBurstThresholds()).Evaluate(Input(Meter("E1", [1], tamper))));
        Assert.Equal([(Now.AddHours(-24), Now.AddTicks(1)), (Now.AddHours(-25), Now.AddHours(-24))], tamper.Spans);
        Assert.Equal(1441 + 60, tamper.Handed);

        // Zero with voltage over 3 days: each day once.
        var zero = Week();
        Assert.Single(new ZeroWithVoltageRule(new ZeroWithVoltageThresholds()).Evaluate(Input(Meter("E1", [0, 0, 0], zero))));
        var day = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal([(day, day.AddDays(1)), (day.AddDays(1), day.AddDays(2)), (day.AddDays(2), day.AddDays(3))], zero.Spans);
        Assert.Equal(3 * 1440, zero.Handed);
    }

    [Fact]
    public void No_rule_keeps_a_reading_it_has_passed()
    {
        // Readings made up one at a time, a minute apart over the week before the run; when a read hands out its last
        // reading, a collection shows whether its first one is still held (a rule that made a list of them would hold it).
        var readings = new MadeUpReadings(Now.AddDays(-7), Now.AddTicks(1));
        var input = Input(Meter("E1", [0, 0, 0], readings));

        Assert.Single(new ReverseEnergyRule(new ReverseEnergyThresholds { MinimumExportWh = 1 }).Evaluate(input));
        Assert.Single(EventBurstRule.Tamper(new EventBurstThresholds { MinimumEvents = 1 }).Evaluate(input));
        Assert.Single(new ZeroWithVoltageRule(new ZeroWithVoltageThresholds()).Evaluate(input));

        // Reverse energy's day; the tamper window and the hour before it; the three days: 6 reads of 60 readings or more.
        Assert.Equal(6, readings.FirstHeldAtEnd.Count);
        Assert.All(readings.FirstHeldAtEnd, held => Assert.False(held));
    }

    /// <summary>Readings made at each enumeration, one a minute, with 230 V, an export register and a tamper counter rising by one each.</summary>
    private sealed class MadeUpReadings(DateTimeOffset from, DateTimeOffset to) : RawReadings(from, to)
    {
        public List<bool> FirstHeldAtEnd { get; } = [];

        protected override IEnumerable<MeterReading> Read(DateTimeOffset from, DateTimeOffset to)
        {
            WeakReference? first = null;
            for (var at = Ceiling(from); at < to; at = at.AddMinutes(1))
            {
                var reading = Reading("E1", at) with
                {
                    Instant = new InstantaneousValues { VoltageV = [230.0] },
                    Events = new MeterEvents { TamperEvents = (int)(at - From).TotalMinutes },
                    Energy = new EnergyRegisters { ExportTotalWh = (long)(at - From).TotalMinutes },
                };
                if (first is null)
                {
                    first = new WeakReference(reading);
                }
                else if (at.AddMinutes(1) >= to)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    FirstHeldAtEnd.Add(first.IsAlive);
                }

                yield return reading;
            }
        }

        /// <summary>The first whole minute of the week's grid at or after <paramref name="t"/>.</summary>
        private DateTimeOffset Ceiling(DateTimeOffset t)
        {
            var minutes = Math.Ceiling((t - From).TotalMinutes);
            return From.AddMinutes(minutes);
        }
    }
}
