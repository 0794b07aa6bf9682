using Edge.MeterAdapter.Readings;
using Edge.Runtime.Daily;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

public sealed class StoreMaintenanceTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly FirstDay = DateOnly.FromDateTime(Day1.UtcDateTime);

    private static readonly DateTimeOffset SwapAt = Day1.AddHours(10.5);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-maint-").FullName;

    private string DatabasePath => Path.Combine(_dir, "gateway.db");

    [Fact]
    public void Daily_kwh_is_built_from_register_deltas_and_outlives_raw_retention()
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath, RawRetention = TimeSpan.FromDays(1), RetentionBatchSize = 7 });
        using var daily = DailyEnergyStore.Open(DatabasePath);

        // Hourly readings from day 1 00:00 to day 4 12:00 (UTC); 100 Wh per hour on days 1-2, 50 Wh per hour after.
        // Hand computation: day 1 = 24 x 100 Wh = 2.4 kWh, day 2 = 2.4 kWh, day 3 = 24 x 50 Wh = 1.2 kWh, day 4 is
        // incomplete at 12:00 (missing). The register starts at 9 kWh and wraps at 10 kWh at hour 10 of day 1, which
        // must count as consumption, not as a drop.
        var batch = new List<MeterReading>();
        long wh = 9_000;
        for (var hour = 0; hour <= 84; hour++)
        {
            batch.Add(new MeterReading
            {
                MeterId = "m1",
                Protocol = MeterProtocol.DsmrP1,
                GatewayTime = Day1.AddHours(hour),
                Energy = new EnergyRegisters { ImportTotalWh = wh % 10_000 },
            });
            wh += hour < 48 ? 100 : 50;
        }

        readings.Append(batch);
        using var replacements = Replacements();
        var maintenance = new StoreMaintenance(readings, daily, replacements, new StoreMaintenanceOptions
        {
            Meters = [new MeterRegister("m1", ModulusWh: 10_000)],
            DailyRetentionDays = 30,
        });

        var now = Day1.AddDays(3).AddHours(12);
        var result = maintenance.RunOnce(now);

        var series = daily.Read("m1", DateOnly.FromDateTime(Day1.UtcDateTime), DateOnly.FromDateTime(Day1.UtcDateTime).AddDays(3));
        Assert.Equal(2.4f, series.Kwh[0], 4);
        Assert.Equal(2.4f, series.Kwh[1], 4);
        Assert.Equal(1.2f, series.Kwh[2], 4);
        Assert.True(float.IsNaN(series.Kwh[3]));

        // Raw retention of one day: readings before day 3 12:00 are gone (hours 0..59 of the 85), in batches of 7.
        Assert.Equal(60, result.RawDeleted);
        Assert.Equal(25, readings.Read("m1", Day1, now.AddDays(1)).Count);

        // A later pass cannot recompute day 1-2 any more but must not erase them.
        maintenance.RunOnce(now.AddHours(1));
        var again = daily.Read("m1", DateOnly.FromDateTime(Day1.UtcDateTime), DateOnly.FromDateTime(Day1.UtcDateTime).AddDays(2));
        Assert.Equal([2.4f, 2.4f, 1.2f], again.Kwh.Select(k => MathF.Round(k, 4)));
        Assert.Equal("ok", readings.IntegrityCheck());
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(6, true)]
    public void A_silence_longer_than_the_max_gap_leaves_its_day_missing(int maxGapHours, bool dayKnown)
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath, RawRetention = TimeSpan.FromDays(30) });
        using var daily = DailyEnergyStore.Open(DatabasePath);

        // Hourly readings of 100 Wh per hour over day 1 and the first hour of day 2, except a 5-hour silence from 10:00
        // to 15:00 on day 1. Spread over its hours, the silence's 500 Wh keeps day 1 at 24 x 100 Wh = 2.4 kWh; with a
        // 3-hour limit the day cannot be known.
        var batch = new List<MeterReading>();
        for (var hour = 0; hour <= 25; hour++)
        {
            if (hour is > 10 and < 15)
            {
                continue;
            }

            batch.Add(new MeterReading
            {
                MeterId = "m1",
                Protocol = MeterProtocol.DsmrP1,
                GatewayTime = Day1.AddHours(hour),
                Energy = new EnergyRegisters { ImportTotalWh = 1_000 + (100 * hour) },
            });
        }

        readings.Append(batch);
        using var replacements = Replacements();
        var maintenance = new StoreMaintenance(readings, daily, replacements, new StoreMaintenanceOptions
        {
            Meters = [new MeterRegister("m1", ModulusWh: null)],
            MaxGap = TimeSpan.FromHours(maxGapHours),
        });

        maintenance.RunOnce(Day1.AddHours(25));

        var day1 = DateOnly.FromDateTime(Day1.UtcDateTime);
        var kwh = daily.Read("m1", day1, day1).Kwh[0];
        if (dayKnown)
        {
            Assert.Equal(2.4f, kwh, 4);
        }
        else
        {
            Assert.True(float.IsNaN(kwh), $"day 1 should be missing, got {kwh}");
        }
    }

    [Fact]
    public void Daily_values_older_than_their_retention_are_deleted()
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        using var daily = DailyEnergyStore.Open(DatabasePath);
        var first = new DateOnly(2026, 1, 1);
        daily.Upsert(new Edge.Runtime.Daily.DailySeries("m1", first, [1f, 2f, 3f, 4f, 5f], []));
        using var replacements = Replacements();
        var maintenance = new StoreMaintenance(readings, daily, replacements, new StoreMaintenanceOptions { Meters = [], DailyRetentionDays = 2 });

        // Today is Jan 5; keeping 2 days before today keeps Jan 3 onwards.
        var result = maintenance.RunOnce(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(2, result.DailyDeleted);
        Assert.Equal(new DateOnly(2026, 1, 5), daily.LastDay("m1"));
        var kept = daily.Read("m1", first, first.AddDays(4)).Kwh;
        Assert.True(float.IsNaN(kept[0]) && float.IsNaN(kept[1]));
        Assert.Equal([3f, 4f, 5f], kept[2..]);
    }

    private MeterReplacementStore Replacements() => MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = DatabasePath, MeterIds = ["m1"] });

    /// <summary>
    /// Hourly readings of m1 from day 1 00:00 to day 2 12:00, 100 Wh an hour. The old meter reads 10_000 Wh at 00:00 and
    /// 11_000 Wh at 10:00; it is swapped at 10:30 (final 11_050 Wh) for a new one reading <paramref name="newInitialWh"/>,
    /// which reads 50 Wh more at 11:00 and 100 Wh more each hour after.
    /// </summary>
    private static List<MeterReading> SwappedReadings(long newInitialWh)
    {
        var batch = new List<MeterReading>();
        for (var hour = 0; hour <= 36; hour++)
        {
            var wh = hour <= 10 ? 10_000 + (100L * hour) : newInitialWh + 50 + (100L * (hour - 11));
            batch.Add(new MeterReading { MeterId = "m1", Protocol = MeterProtocol.DsmrP1, GatewayTime = Day1.AddHours(hour), Energy = new EnergyRegisters { ImportTotalWh = wh } });
        }

        return batch;
    }

    private static ReplacementDeclaration Swap(long newInitialWh) => new("m1", SwapAt, OldFinalWh: 11_050, NewInitialWh: newInitialWh, "Ana", null);

    [Fact]
    public void A_swap_to_a_lower_register_declared_before_aggregation_gives_its_day_the_consumption_on_both_meters()
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        using var daily = DailyEnergyStore.Open(DatabasePath);
        using var replacements = Replacements();
        readings.Append(SwappedReadings(newInitialWh: 0));
        var now = Day1.AddHours(36);
        replacements.Declare(Swap(newInitialWh: 0), now);
        var maintenance = new StoreMaintenance(readings, daily, replacements, new StoreMaintenanceOptions { Meters = [new MeterRegister("m1", null)] });

        maintenance.RunOnce(now);

        // Day 1: 00:00-10:00 on the old meter 10 x 100 Wh = 1000 Wh; 10:00-11:00 holds the swap: (11_050 - 11_000) on the
        // old meter + (50 - 0) on the new = 100 Wh; 11:00-24:00 on the new meter 13 x 100 Wh = 1300 Wh. 2400 Wh = 2.4 kWh.
        Assert.Equal(2.4f, daily.Read("m1", FirstDay, FirstDay).Kwh[0], 4);
        Assert.Empty(replacements.AwaitingRecompute());
    }

    [Fact]
    public void A_swap_declared_after_its_day_was_aggregated_invalidates_the_day_at_once_and_the_next_pass_recomputes_it()
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        using var daily = DailyEnergyStore.Open(DatabasePath);
        using var replacements = Replacements();
        readings.Append(SwappedReadings(newInitialWh: 500_000));
        var now = Day1.AddHours(36);
        var maintenance = new StoreMaintenance(readings, daily, replacements, new StoreMaintenanceOptions { Meters = [new MeterRegister("m1", null)] });

        // Undeclared, the jump to the new meter's 500_050 Wh is taken as consumption: 1000 + (500_050 - 11_000) + 1300 Wh.
        maintenance.RunOnce(now);
        Assert.Equal(491.35f, daily.Read("m1", FirstDay, FirstDay).Kwh[0], 2);

        replacements.Declare(Swap(newInitialWh: 500_000), now);
        Assert.True(float.IsNaN(daily.Read("m1", FirstDay, FirstDay).Kwh[0]));

        maintenance.RunOnce(now.AddHours(1));
        Assert.Equal(2.4f, daily.Read("m1", FirstDay, FirstDay).Kwh[0], 4); // as in the test above: 1000 + 100 + 1300 Wh
        Assert.Empty(replacements.AwaitingRecompute());
    }

    [Fact]
    public void A_withdrawn_swap_invalidates_its_day_at_once_and_the_next_pass_recomputes_it_without_the_swap()
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        using var daily = DailyEnergyStore.Open(DatabasePath);
        using var replacements = Replacements();
        readings.Append(SwappedReadings(newInitialWh: 500_000));
        var now = Day1.AddHours(36);
        var maintenance = new StoreMaintenance(readings, daily, replacements, new StoreMaintenanceOptions { Meters = [new MeterRegister("m1", null)] });
        var declared = replacements.Declare(Swap(newInitialWh: 500_000), now);
        maintenance.RunOnce(now);
        Assert.Equal(2.4f, daily.Read("m1", FirstDay, FirstDay).Kwh[0], 4); // 1000 + 100 + 1300 Wh, as above

        replacements.Withdraw(declared.Id, "Bo", "declared on the wrong gateway", now.AddHours(1));
        Assert.True(float.IsNaN(daily.Read("m1", FirstDay, FirstDay).Kwh[0]));

        // Without the swap the jump to the new meter's 500_050 Wh is consumption again: 1000 + (500_050 - 11_000) + 1300 Wh.
        maintenance.RunOnce(now.AddHours(2));
        Assert.Equal(491.35f, daily.Read("m1", FirstDay, FirstDay).Kwh[0], 2);
        Assert.Empty(replacements.AwaitingRecompute());
    }

    [Fact]
    public void A_swap_declared_after_its_raw_readings_are_gone_leaves_its_day_missing_not_the_value_computed_without_it()
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath, RawRetention = TimeSpan.FromHours(1) });
        using var daily = DailyEnergyStore.Open(DatabasePath);
        using var replacements = Replacements();
        readings.Append(SwappedReadings(newInitialWh: 500_000));
        var now = Day1.AddHours(36);
        var maintenance = new StoreMaintenance(readings, daily, replacements, new StoreMaintenanceOptions { Meters = [new MeterRegister("m1", null)] });
        maintenance.RunOnce(now); // aggregates day 1 (491.35 kWh), then deletes the readings before day 2 11:00
        Assert.Equal(491.35f, daily.Read("m1", FirstDay, FirstDay).Kwh[0], 2);

        replacements.Declare(Swap(newInitialWh: 500_000), now);
        maintenance.RunOnce(now.AddHours(1));

        // Day 1's readings are gone and its stored value was computed without the swap: missing is the truth now.
        Assert.True(float.IsNaN(daily.Read("m1", FirstDay, FirstDay).Kwh[0]));
        Assert.Empty(replacements.AwaitingRecompute());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
