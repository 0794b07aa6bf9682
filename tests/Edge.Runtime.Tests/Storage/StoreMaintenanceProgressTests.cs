using Edge.MeterAdapter.Readings;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

/// <summary>
/// Which days a pass computes again: with the progress of earlier passes, only those an interval ending after the last
/// pass can still reach (max gap 3 h, so until about 03:15 for yesterday); without it (after a restart), the day before
/// the last one stored, as always.
/// </summary>
public sealed class StoreMaintenanceProgressTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly FirstDay = DateOnly.FromDateTime(Day1.UtcDateTime);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-progress-").FullName;

    private readonly ReadingStore _readings;
    private readonly DailyEnergyStore _daily;
    private readonly MeterReplacementStore _replacements;

    public StoreMaintenanceProgressTests()
    {
        var path = Path.Combine(_dir, "gateway.db");
        _readings = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = path, RawRetention = TimeSpan.FromDays(30) });
        _daily = DailyEnergyStore.Open(path);
        _replacements = MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = path, MeterIds = ["m1"] });
    }

    [Fact]
    public void Yesterday_is_computed_again_while_an_interval_across_midnight_can_still_end()
    {
        // Hourly readings drawing 100 Wh an hour until day 1 23:00; the pass at day 2 01:00 sees day 1's last hour
        // uncovered (missing). The next reading comes at 01:30 (a 2.5 h interval, within the 3 h max gap): 250 Wh, of
        // which 100 Wh fall on day 1, so the pass at 02:00 must compute day 1 again: 24 x 100 Wh = 2.4 kWh.
        _readings.Append(Hourly(0, 23));
        var maintenance = Maintenance(new AggregationProgress());
        maintenance.RunOnce(Day1.AddHours(25));
        Assert.True(float.IsNaN(Day(1)));

        _readings.Append([Reading(Day1.AddHours(25.5), 1_000 + 2_550)]);
        maintenance.RunOnce(Day1.AddHours(26));

        Assert.Equal(2.4f, Day(1), 4);
    }

    [Fact]
    public void A_day_no_later_reading_can_reach_is_not_read_again_until_a_restart()
    {
        // Hourly readings drawing 100 Wh an hour until day 1 22:00 (2.2 kWh), then 250 Wh from 22:00 to day 2 00:30 of
        // which 2 of 2.5 h are day 1's (200 Wh), then hourly again: the pass at day 2 05:30 computes day 1 = 2.4 kWh,
        // and no attributable interval ending after it reaches day 1.
        _readings.Append([.. Hourly(0, 22), Reading(Day1.AddHours(24.5), 1_000 + 2_450), .. Hourly(25.5, 29.5)]);
        var progress = new AggregationProgress();
        Maintenance(progress).RunOnce(Day1.AddHours(29.5));
        Assert.Equal(2.4f, Day(1), 4);

        // A reading stamped 23:00 on day 1 stored now (a correct gateway never does this; here it shows whether day 1
        // is read again): 22:00 -> 23:00 draws 200 Wh and 23:00 -> 00:30 50 Wh, 1 of its 1.5 h on day 1, so day 1
        // would be 2.2 + 0.2 + 0.0333 kWh. The next pass leaves day 1 alone; one without the progress (as after a
        // restart) computes it again from the raw readings.
        _readings.Append([Reading(Day1.AddHours(23), 1_000 + 2_400)]);
        Maintenance(progress).RunOnce(Day1.AddHours(30.5));
        Assert.Equal(2.4f, Day(1), 4);

        Maintenance(new AggregationProgress()).RunOnce(Day1.AddHours(31.5));
        Assert.Equal(2.2f + 0.2f + (0.05f / 1.5f), Day(1), 4);
    }

    [Fact]
    public void Meters_read_in_one_scan_each_get_their_own_days()
    {
        // m1: hourly from day 1 00:00, 100 Wh an hour (2.4 kWh a day). m2, a DSMR meter reporting two tariffs and no
        // total: every 30 min from day 2 00:00, 30 Wh each (1.44 kWh a day), its register split 2:1 over the tariffs.
        // Stored in time order, interleaved as the writer stores them. At day 4 01:00 days 1-3 have ended; m2 has no
        // readings before day 2, so its day 1 is missing.
        var batch = new List<MeterReading>();
        for (var halfHours = 0; halfHours <= 3 * 48 + 2; halfHours++)
        {
            var at = Day1.AddMinutes(30 * halfHours);
            if (halfHours % 2 == 0)
            {
                batch.Add(Reading(at, 1_000 + (50 * halfHours)));
            }

            if (halfHours >= 48)
            {
                var wh = 90_000 + (30 * (halfHours - 48));
                batch.Add(new MeterReading
                {
                    MeterId = "m2",
                    Protocol = MeterProtocol.DsmrP1,
                    GatewayTime = at,
                    Energy = new EnergyRegisters { ImportTariff1Wh = 2 * wh / 3, ImportTariff2Wh = wh - (2 * wh / 3) },
                });
            }
        }

        _readings.Append(batch);
        using var replacements = MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = Path.Combine(_dir, "gateway.db"), MeterIds = ["m1", "m2"] });
        new StoreMaintenance(_readings, _daily, replacements, new StoreMaintenanceOptions
        {
            Meters = [new MeterRegister("m1", ModulusWh: null), new MeterRegister("m2", ModulusWh: null)],
        }).RunOnce(Day1.AddDays(3).AddHours(1));

        Assert.Equal([2.4f, 2.4f, 2.4f], _daily.Read("m1", FirstDay, FirstDay.AddDays(2)).Kwh.Select(k => MathF.Round(k, 4)));
        var m2 = _daily.Read("m2", FirstDay, FirstDay.AddDays(2)).Kwh;
        Assert.True(float.IsNaN(m2[0]));
        Assert.Equal([1.44f, 1.44f], m2[1..].Select(k => MathF.Round(k, 4)));
        Assert.Equal(FirstDay.AddDays(2), _daily.LastDay("m2"));
    }

    public void Dispose()
    {
        _replacements.Dispose();
        _daily.Dispose();
        _readings.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private StoreMaintenance Maintenance(AggregationProgress progress) => new(_readings, _daily, _replacements, new StoreMaintenanceOptions
    {
        Meters = [new MeterRegister("m1", ModulusWh: null)],
        Progress = progress,
    });

    private float Day(int day) => _daily.Read("m1", FirstDay.AddDays(day - 1), FirstDay.AddDays(day - 1)).Kwh[0];

    /// <summary>Readings at day 1 + each hour in [first, last], the register at 1 kWh + 100 Wh an hour.</summary>
    private static List<MeterReading> Hourly(double first, double last) =>
        [.. Enumerable.Range(0, (int)(last - first) + 1).Select(i => Reading(Day1.AddHours(first + i), 1_000 + (long)(100 * (first + i))))];

    private static MeterReading Reading(DateTimeOffset at, long importWh) => new()
    {
        MeterId = "m1",
        Protocol = MeterProtocol.DsmrP1,
        GatewayTime = at,
        Energy = new EnergyRegisters { ImportTotalWh = importWh },
    };
}
