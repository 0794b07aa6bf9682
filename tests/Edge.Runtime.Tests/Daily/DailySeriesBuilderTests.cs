using Edge.MeterAdapter.Readings;
using Edge.ModelContract.Features;
using Edge.Runtime.Daily;

namespace Edge.Runtime.Tests.Daily;

public sealed class DailySeriesBuilderTests
{
    private const string Meter = "E1";

    // Local days are CET-like (+01:00, no DST), so local midnight of 2 March is 1 March 23:00Z.
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("test+1", TimeSpan.FromHours(1), "test+1", "test+1");
    private static readonly DateOnly Day1 = new(2026, 3, 1);

    // Intervals of 12 h are attributable in these tests; longer ones are gaps.
    private static readonly DailySeriesOptions Options = new() { TimeZone = Zone, MaxAttributableGap = TimeSpan.FromHours(13) };

    /// <summary>Local time (+01:00) on day <paramref name="day"/> (1 = 1 March) at <paramref name="hour"/>, given to the builder in UTC.</summary>
    private static DateTimeOffset At(int day, double hour) =>
        new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)).AddDays(day - 1).AddHours(hour).ToUniversalTime();

    private static MeterReading R(int day, double hour, long wh, DateTimeOffset? meterTime = null) => new()
    {
        MeterId = Meter,
        Protocol = MeterProtocol.DsmrP1,
        GatewayTime = At(day, hour),
        MeterTime = meterTime,
        Energy = new EnergyRegisters { ImportTotalWh = wh },
    };

    private static DailySeries Build(IReadOnlyList<MeterReading> readings, int days, DailySeriesOptions? options = null, IReadOnlyList<MeterReplacement>? swaps = null) =>
        DailySeriesBuilder.Build(Meter, readings, swaps ?? [], Day1, Day1.AddDays(days - 1), options ?? Options);

    [Fact]
    public void Delta_across_local_midnight_is_split_by_time()
    {
        // Day 1: 1000->3000->5000 = 4000 Wh, then 22:00->02:00 draws 2000 Wh, 2 h on each side = 1000 Wh each.
        // Day 2: 1000 Wh + (02:00->24:00 7000->10000, split at 12:00 only to keep intervals short) 3000 Wh = 4000 Wh.
        var series = Build([R(1, 0, 1000), R(1, 12, 3000), R(1, 22, 5000), R(2, 2, 7000), R(2, 12, 8000), R(3, 0, 10000)], 2);

        Assert.Equal([5.0f, 4.0f], series.Kwh);
        Assert.Empty(series.Anomalies);
    }

    [Fact]
    public void Register_rollover_at_the_configured_modulus_is_consumption()
    {
        // 10^9 Wh register: 999_999_000 -> 500 is 1000 + 500 = 1500 Wh; then 500 -> 2500 is 2000 Wh; day = 3500 Wh.
        var readings = new[] { R(1, 0, 999_999_000), R(1, 12, 500), R(2, 0, 2500) };

        var wrapped = Build(readings, 1, Options with { RegisterModulusWh = 1_000_000_000 });
        var noModulus = Build(readings, 1);

        Assert.Equal([3.5f], wrapped.Kwh);
        Assert.Empty(wrapped.Anomalies);
        Assert.True(float.IsNaN(noModulus.Kwh[0]));
        Assert.Equal(RegisterAnomalyKind.NegativeDelta, Assert.Single(noModulus.Anomalies).Kind);
    }

    [Fact]
    public void A_drop_too_large_for_a_rollover_is_an_anomaly_even_with_a_modulus()
    {
        // 500_000 -> 100 in 12 h would be 999_500_100 Wh wrapped: far above 100 kW x 12 h = 1.2 MWh, so it is a reset.
        var series = Build([R(1, 0, 500_000), R(1, 12, 100), R(2, 0, 200)], 1, Options with { RegisterModulusWh = 1_000_000_000 });

        Assert.True(float.IsNaN(series.Kwh[0]));
        Assert.Equal(RegisterAnomalyKind.NegativeDelta, Assert.Single(series.Anomalies).Kind);
    }

    [Fact]
    public void A_declared_replacement_counts_consumption_on_both_meters()
    {
        // Old meter 50_000 -> final 52_000 at 10:00 (2000 Wh); new meter 0 -> 300 by 12:00 (300 Wh); 300 -> 1300 (1000 Wh).
        var readings = new[] { R(1, 0, 50_000), R(1, 12, 300), R(2, 0, 1300) };
        var swap = new MeterReplacement(Meter, At(1, 10), OldFinalWh: 52_000, NewInitialWh: 0);

        var declared = Build(readings, 1, swaps: [swap]);
        var undeclared = Build(readings, 1);

        Assert.Equal([3.3f], declared.Kwh);
        Assert.Empty(declared.Anomalies);
        Assert.True(float.IsNaN(undeclared.Kwh[0]));
        Assert.Equal(RegisterAnomalyKind.NegativeDelta, Assert.Single(undeclared.Anomalies).Kind);
    }

    [Fact]
    public void A_swap_in_an_interval_across_midnight_feeds_both_days_in_proportion_to_time()
    {
        // Swap at 23:30 local: old meter 51_500 at 22:00 -> final 51_650 (150 Wh), new meter 0 -> 100 at 01:00 (100 Wh).
        // The 3 h interval's 250 Wh is spread by time: 2 h (166.67 Wh) to day 1, 1 h (83.33 Wh) to day 2.
        // Day 1: 1000 + 500 + 166.67 = 1666.67 Wh. Day 2: 83.33 + (1200 - 100) + (2400 - 1200) = 2383.33 Wh.
        var readings = new[] { R(1, 0, 50_000), R(1, 12, 51_000), R(1, 22, 51_500), R(2, 1, 100), R(2, 12, 1200), R(3, 0, 2400) };
        var swap = new MeterReplacement(Meter, At(1, 23.5), OldFinalWh: 51_650, NewInitialWh: 0);

        var declared = Build(readings, 2, swaps: [swap]);
        var undeclared = Build(readings, 2);

        Assert.Equal(1.66667f, declared.Kwh[0], 4);
        Assert.Equal(2.38333f, declared.Kwh[1], 4);
        Assert.Empty(declared.Anomalies);
        Assert.All(undeclared.Kwh, k => Assert.True(float.IsNaN(k)));
        Assert.Equal(RegisterAnomalyKind.NegativeDelta, Assert.Single(undeclared.Anomalies).Kind);
    }

    [Fact]
    public void A_swap_affects_the_days_within_the_longest_attributable_gap_of_it()
    {
        // 13 h either side of 1 March 23:30 local: 1 March 10:30 .. 2 March 12:30 local.
        var swap = new MeterReplacement(Meter, At(1, 23.5), 51_650, 0);

        Assert.Equal((Day1, Day1.AddDays(1)), swap.AffectedDays(Options));
        Assert.Equal((Day1, Day1), new MeterReplacement(Meter, At(1, 10), 0, 0).AffectedDays(Options with { MaxAttributableGap = TimeSpan.FromHours(3) }));
    }

    [Fact]
    public void A_replacement_that_contradicts_the_readings_is_flagged()
    {
        // Old final 49_000 is below the last reading 50_000 on the old meter: impossible.
        var swap = new MeterReplacement(Meter, At(1, 10), OldFinalWh: 49_000, NewInitialWh: 0);

        var series = Build([R(1, 0, 50_000), R(1, 12, 300), R(2, 0, 1300)], 1, swaps: [swap]);

        Assert.True(float.IsNaN(series.Kwh[0]));
        Assert.Equal(RegisterAnomalyKind.ReplacementMismatch, Assert.Single(series.Anomalies).Kind);
    }

    [Fact]
    public void Days_without_readings_are_missing_not_zero_and_a_long_gap_is_not_spread()
    {
        // Day 1 covered (2000 Wh); nothing from day 2 00:00 to day 4 00:00 (48 h gap: not attributed); day 4 covered (1000 Wh).
        // Day 5 has no readings at all.
        var series = Build([R(1, 0, 0), R(1, 12, 1000), R(2, 0, 2000), R(4, 0, 9000), R(4, 12, 9500), R(5, 0, 10000)], 5);

        Assert.Equal(2.0f, series.Kwh[0]);
        Assert.True(float.IsNaN(series.Kwh[1]));
        Assert.True(float.IsNaN(series.Kwh[2]));
        Assert.Equal(1.0f, series.Kwh[3]);
        Assert.True(float.IsNaN(series.Kwh[4]));
        Assert.Empty(series.Anomalies);
    }

    [Fact]
    public void A_partly_covered_day_is_missing()
    {
        // Readings start at 06:00 on day 1: the first six hours are unknown.
        var series = Build([R(1, 6, 0), R(1, 18, 1000), R(2, 0, 2000)], 1);

        Assert.True(float.IsNaN(series.Kwh[0]));
    }

    [Fact]
    public void A_negative_delta_is_flagged_and_not_turned_into_consumption()
    {
        // Day 1: 5000 -> 4000 backwards (flagged, day missing). Day 2 continues from 4500: 4500 -> 5000 -> 6000 = 1500 Wh.
        var series = Build([R(1, 0, 5000), R(1, 12, 4000), R(2, 0, 4500), R(2, 12, 5000), R(3, 0, 6000)], 2);

        Assert.True(float.IsNaN(series.Kwh[0]));
        Assert.Equal(1.5f, series.Kwh[1]);
        var anomaly = Assert.Single(series.Anomalies);
        Assert.Equal(RegisterAnomalyKind.NegativeDelta, anomaly.Kind);
        Assert.Equal((5000L, 4000L), (anomaly.PreviousWh, anomaly.CurrentWh));
        Assert.Equal(At(1, 12), anomaly.To);
    }

    [Fact]
    public void Meter_clock_jumps_do_not_move_consumption_between_days()
    {
        // The meter's clock jumps a year ahead, then a day back; days follow the gateway clock: 3 kWh and 2 kWh.
        var jump = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var series = Build(
            [R(1, 0, 0, At(1, 0)), R(1, 12, 1000, jump), R(2, 0, 3000, jump.AddDays(-1)), R(2, 12, 4000, At(1, 0)), R(3, 0, 5000)],
            2);

        Assert.Equal([3.0f, 2.0f], series.Kwh);
    }

    [Fact]
    public void Days_are_local_days_of_the_configured_zone()
    {
        // Local readings at 1 March 00:00, 12:00 and 2 March 00:00 (+01:00), i.e. 28 Feb 23:00Z, 11:00Z, 1 March 23:00Z.
        // Local 1 March holds both intervals: 1200 + 2400 = 3600 Wh; local 2 March is flat.
        var readings = new[] { R(1, 0, 0), R(1, 12, 1200), R(2, 0, 3600), R(2, 12, 3600), R(3, 0, 3600) };

        var local = Build(readings, 2);
        var utc = DailySeriesBuilder.Build(Meter, readings, [], Day1, Day1.AddDays(1), Options with { TimeZone = TimeZoneInfo.Utc });

        Assert.Equal([3.6f, 0.0f], local.Kwh);

        // UTC 1 March = 00:00Z..24:00Z: 11 of the first interval's 12 h (1100 Wh) + 2400 Wh + 1 h of the zero day = 3500 Wh.
        Assert.Equal(3.5f, utc.Kwh[0], 5);
    }

    [Fact]
    public void The_series_feeds_the_feature_pipeline()
    {
        var series = Build([R(1, 0, 0), R(1, 12, 2500), R(2, 0, 5000), R(2, 12, 7000), R(3, 0, 9000), R(3, 12, 11_000), R(4, 0, 13_500)], 3);
        var spec = new FeatureSpec { WindowDays = 3, Layout = FeatureLayout.Days, Scaling = Scaling.None };
        var features = new float[spec.FeatureDays];

        FeaturePipeline.Transform(spec, series.Kwh, features);

        // 5, 4, 4.5 kWh: mean 4.5, no value beyond mean + 2 sigma, nothing missing, so Zheng cleaning keeps them.
        Assert.Equal([5.0f, 4.0f, 4.5f], features);
    }

    [Fact]
    public void Daylight_saving_days_have_23_and_25_hours_of_consumption()
    {
        // EU summer time: 29 March 2026 (02:00 CET -> 03:00 CEST) and 25 October 2026 (03:00 CEST -> 02:00 CET).
        // Hourly readings drawing 1000 Wh each hour: 23 kWh and 25 kWh on those local days, 24 kWh on the day before.
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var options = new DailySeriesOptions { TimeZone = amsterdam };
        foreach (var (day, expected) in new[] { (new DateOnly(2026, 3, 29), 23f), (new DateOnly(2026, 10, 25), 25f) })
        {
            var start = new DateTimeOffset(day.AddDays(-1).ToDateTime(TimeOnly.MinValue), amsterdam.GetUtcOffset(day.AddDays(-1).ToDateTime(TimeOnly.MinValue)));
            var readings = Enumerable.Range(0, 24 * 3)
                .Select(h => new MeterReading
                {
                    MeterId = Meter,
                    Protocol = MeterProtocol.DsmrP1,
                    GatewayTime = start.AddHours(h),
                    Energy = new EnergyRegisters { ImportTotalWh = 1000L * h },
                })
                .ToList();

            var series = DailySeriesBuilder.Build(Meter, readings, [], day.AddDays(-1), day, options);

            Assert.Equal(24f, series.Kwh[0], 4);
            Assert.Equal(expected, series.Kwh[1], 4);
        }
    }
}
