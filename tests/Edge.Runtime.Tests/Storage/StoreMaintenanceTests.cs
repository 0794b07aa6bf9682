using Edge.MeterAdapter.Readings;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

public sealed class StoreMaintenanceTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

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
        var maintenance = new StoreMaintenance(readings, daily, new StoreMaintenanceOptions
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

    [Fact]
    public void Daily_values_older_than_their_retention_are_deleted()
    {
        using var readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        using var daily = DailyEnergyStore.Open(DatabasePath);
        var first = new DateOnly(2026, 1, 1);
        daily.Upsert(new Edge.Runtime.Daily.DailySeries("m1", first, [1f, 2f, 3f, 4f, 5f], []));
        var maintenance = new StoreMaintenance(readings, daily, new StoreMaintenanceOptions { Meters = [], DailyRetentionDays = 2 });

        // Today is Jan 5; keeping 2 days before today keeps Jan 3 onwards.
        var result = maintenance.RunOnce(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(2, result.DailyDeleted);
        Assert.Equal(new DateOnly(2026, 1, 5), daily.LastDay("m1"));
        var kept = daily.Read("m1", first, first.AddDays(4)).Kwh;
        Assert.True(float.IsNaN(kept[0]) && float.IsNaN(kept[1]));
        Assert.Equal([3f, 4f, 5f], kept[2..]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
