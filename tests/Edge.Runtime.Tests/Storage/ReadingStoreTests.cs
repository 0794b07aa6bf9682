using Edge.MeterAdapter.Readings;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

public sealed class ReadingStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1));

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-store-").FullName;

    private ReadingStoreOptions Options(TimeSpan? retention = null, int batch = 5000) => new()
    {
        DatabasePath = Path.Combine(_dir, "readings.db"),
        RawRetention = retention ?? TimeSpan.FromDays(90),
        RetentionBatchSize = batch,
    };

    private static MeterReading Reading(string meter, DateTimeOffset at, long importWh) => new()
    {
        MeterId = meter,
        Protocol = MeterProtocol.DsmrP1,
        GatewayTime = at,
        Energy = new EnergyRegisters { ImportTotalWh = importWh },
    };

    private static MeterReading Tariffs(DateTimeOffset at, long? tariff1Wh, long? tariff2Wh) => new()
    {
        MeterId = "A",
        Protocol = MeterProtocol.DsmrP1,
        GatewayTime = at,
        Energy = new EnergyRegisters { ImportTariff1Wh = tariff1Wh, ImportTariff2Wh = tariff2Wh },
    };

    [Fact]
    public void Read_compares_the_stored_millisecond_with_both_bounds_exactly()
    {
        // Stored at whole milliseconds: 10.000 ms, 10.999 ms (stored as 10 ms) and 12.000 ms past T0.
        using var store = ReadingStore.Open(Options());
        store.Append([Reading("E1", T0.AddMilliseconds(10), 1), Reading("E1", T0.AddTicks(109_990), 2), Reading("E1", T0.AddMilliseconds(12), 3)]);

        // [10 ms, 10 ms + 1 tick): both readings stored at 10 ms are inside, the one at 12 ms is not.
        Assert.Equal([1L, 2L], store.Read("E1", T0.AddMilliseconds(10), T0.AddMilliseconds(10).AddTicks(1)).Select(r => r.Energy.ImportTotalWh!.Value));
        // [10.5 ms, 12.5 ms): 10 ms is before the start; 12 ms is inside.
        Assert.Equal([3L], store.Read("E1", T0.AddTicks(105_000), T0.AddTicks(125_000)).Select(r => r.Energy.ImportTotalWh!.Value));
        // [10 ms, 12 ms): the end is exclusive.
        Assert.Equal([1L, 2L], store.Read("E1", T0.AddMilliseconds(10), T0.AddMilliseconds(12)).Select(r => r.Energy.ImportTotalWh!.Value));
    }

    [Fact]
    public void Round_trip_keeps_every_stored_field_across_reopen()
    {
        var full = new MeterReading
        {
            MeterId = "E0012345",
            Protocol = MeterProtocol.Iec62056ModeC,
            GatewayTime = T0.AddMilliseconds(10_123), // the store keeps millisecond precision
            MeterTime = new DateTimeOffset(2026, 3, 1, 0, 0, 9, TimeSpan.FromHours(2)),
            Energy = new EnergyRegisters
            {
                ImportTariff1Wh = 123_456,
                ImportTariff2Wh = 654_321,
                ExportTariff1Wh = 7,
                ExportTariff2Wh = null,
                ImportTotalWh = null,
                ExportTotalWh = 9_999_999_999,
                ActiveTariff = 2,
            },
            Instant = new InstantaneousValues { ImportPowerW = 1234.5, ExportPowerW = null },
            Quality = ReadingQuality.ClockSuspect | ReadingQuality.Partial,
        };
        using (var store = ReadingStore.Open(Options()))
        {
            store.Append([full]);
        }

        using var reopened = ReadingStore.Open(Options());
        var back = Assert.Single(reopened.Read("E0012345", T0, T0.AddDays(1)));
        Assert.Equal(full.GatewayTime, back.GatewayTime);
        Assert.Equal(full.GatewayTime.Offset, back.GatewayTime.Offset);
        Assert.Equal(full.MeterTime, back.MeterTime);
        Assert.Equal(TimeSpan.FromHours(2), back.MeterTime!.Value.Offset);
        Assert.Equal(full.Energy, back.Energy);
        Assert.Equal(1234.5, back.Instant.ImportPowerW);
        Assert.Null(back.Instant.ExportPowerW);
        Assert.Equal(full.Quality, back.Quality);
        Assert.Equal(full.Protocol, back.Protocol);
    }

    [Fact]
    public void Voltages_and_event_counters_round_trip_and_are_empty_when_the_meter_did_not_report_them()
    {
        var threePhase = Reading("E3", T0, 1) with
        {
            Instant = new InstantaneousValues { VoltageV = [229.8, null, 231.25] },
            Events = new MeterEvents { PowerFailures = 4, LongPowerFailures = 2, TamperEvents = 7 },
        };
        var singlePhase = Reading("E1", T0, 2) with
        {
            Instant = new InstantaneousValues { VoltageV = [230.1] },
            Events = new MeterEvents { TamperEvents = 0 },
        };
        var bare = Reading("E0", T0, 3);
        using (var store = ReadingStore.Open(Options()))
        {
            store.Append([threePhase, singlePhase, bare]);
        }

        using var reopened = ReadingStore.Open(Options());
        var three = Assert.Single(reopened.Read("E3", T0, T0.AddDays(1)));
        Assert.Equal([229.8, null, 231.25], three.Instant.VoltageV);
        Assert.Equal((4, 2, 7), (three.Events.PowerFailures, three.Events.LongPowerFailures, three.Events.TamperEvents));

        var one = Assert.Single(reopened.Read("E1", T0, T0.AddDays(1)));
        Assert.Equal([230.1], one.Instant.VoltageV);
        Assert.Equal(0, one.Events.TamperEvents);
        Assert.Null(one.Events.PowerFailures);
        Assert.Null(one.Events.LongPowerFailures);

        var none = Assert.Single(reopened.Read("E0", T0, T0.AddDays(1)));
        Assert.Empty(none.Instant.VoltageV);
        Assert.Equal((null, null, null), (none.Events.PowerFailures, none.Events.LongPowerFailures, none.Events.TamperEvents));
    }

    [Fact]
    public void Read_selects_one_meter_and_a_half_open_time_range_in_time_order()
    {
        using var store = ReadingStore.Open(Options());
        store.Append([Reading("A", T0.AddHours(2), 3), Reading("A", T0, 1), Reading("B", T0.AddHours(1), 100), Reading("A", T0.AddHours(1), 2)]);

        var a = store.Read("A", T0, T0.AddHours(2));

        Assert.Equal([1L, 2L], a.Select(r => r.Energy.ImportTotalWh!.Value));
        Assert.Equal(["A", "B"], store.MeterIds());
    }

    [Fact]
    public void The_import_register_streams_readings_that_have_one_in_store_order_with_their_times_total_else_tariffs()
    {
        // Two readings share 01:00 (kept in the order they were stored: 5 then 4); the 00:30 reading has no import
        // register; B's reading and the one at 03:00 are outside the query. DSMR meters report the two tariffs
        // (1-0:1.8.1 and 1-0:1.8.2) and no total: their register is the sum, 30 + 12 at 02:00, 7 at 02:30 where only
        // tariff 2 is reported, 8 at 02:40 where only tariff 1 is. A meter that reports a total and tariffs (02:50) is
        // read by its total, 50, not 1 + 2. The scan of all meters gives the same points, and B's in between.
        using var store = ReadingStore.Open(Options());
        var both = new MeterReading
        {
            MeterId = "A",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = T0.AddMinutes(170),
            Energy = new EnergyRegisters { ImportTotalWh = 50, ImportTariff1Wh = 1, ImportTariff2Wh = 2 },
        };
        store.Append([
            Reading("A", T0.AddHours(1), 5), Reading("A", T0.AddHours(1), 4), Reading("A", T0, 1), Reading("B", T0.AddHours(1), 100),
            Reading("A", T0.AddHours(3), 9), new MeterReading { MeterId = "A", Protocol = MeterProtocol.DsmrP1, GatewayTime = T0.AddMinutes(30) },
            Tariffs(T0.AddHours(2), 30, 12), Tariffs(T0.AddHours(2.5), null, 7), Tariffs(T0.AddMinutes(160), 8, null), both,
        ]);

        var points = store.ImportRegister("A", T0, T0.AddHours(3)).ToList();

        (DateTimeOffset, long)[] expected =
            [(T0, 1L), (T0.AddHours(1), 5L), (T0.AddHours(1), 4L), (T0.AddHours(2), 42L), (T0.AddHours(2.5), 7L), (T0.AddMinutes(160), 8L), (T0.AddMinutes(170), 50L)];
        Assert.Equal(expected, points.Select(p => (p.Time, p.ImportWh)));
        Assert.All(points, p => Assert.Equal(T0.Offset, p.Time.Offset));
        var all = store.ImportRegisters(T0, T0.AddHours(3)).ToList();
        Assert.Equal(expected, all.Where(p => p.MeterId == "A").Select(p => (p.Point.Time, p.Point.ImportWh)));
        Assert.Equal([(T0.AddHours(1), 100L)], all.Where(p => p.MeterId == "B").Select(p => (p.Point.Time, p.Point.ImportWh)));
    }

    [Fact]
    public void Latest_import_is_the_newest_readings_total_or_its_tariffs_sum_and_null_without_readings()
    {
        using var store = ReadingStore.Open(Options());
        Assert.Null(store.LatestImportWh("E1"));
        var tariffsOnly = new MeterReading
        {
            MeterId = "E1",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = T0.AddSeconds(2),
            Energy = new EnergyRegisters { ImportTariff1Wh = 1_000, ImportTariff2Wh = 234 },
        };
        // Newest by gateway time wins, whatever the insertion order; "M2" has a total register only.
        store.Append([tariffsOnly, Reading("E1", T0.AddSeconds(1), 999_999), Reading("M2", T0, 42)]);

        Assert.Equal(1_234L, store.LatestImportWh("E1")); // no total register: tariff 1 + tariff 2
        Assert.Equal(42L, store.LatestImportWh("M2"));
        Assert.Equal(1_234L, store.Latest("E1")!.Energy.TotalImportWh);
    }

    [Fact]
    public void A_batch_that_fails_part_way_stores_nothing()
    {
        using var store = ReadingStore.Open(Options());
        store.Append([Reading("A", T0, 1)]);

        // The second row breaks the table's CHECK (length(meter_id) > 0) after the first row was inserted.
        Assert.Throws<SqliteException>(() => store.Append([Reading("A", T0.AddHours(1), 2), Reading("", T0.AddHours(2), 3)]));

        Assert.Equal([1L], store.Read("A", T0, T0.AddDays(1)).Select(r => r.Energy.ImportTotalWh!.Value));
        store.Append([Reading("A", T0.AddHours(3), 4)]);
        Assert.Equal(2, store.Read("A", T0, T0.AddDays(1)).Count);
    }

    [Fact]
    public void Retention_deletes_only_rows_older_than_the_period_in_small_batches()
    {
        // 10 readings one day apart; keep 3 days at now = T0 + 9 days: cutoff T0 + 6 days, so days 0..5 go (6 rows).
        using var store = ReadingStore.Open(Options(TimeSpan.FromDays(3), batch: 4));
        store.Append(Enumerable.Range(0, 10).Select(d => Reading("A", T0.AddDays(d), d)).ToList());

        var deleted = store.ApplyRetention(T0.AddDays(9));

        Assert.Equal(6, deleted);
        Assert.Equal([6L, 7L, 8L, 9L], store.Read("A", T0.AddDays(-1), T0.AddDays(20)).Select(r => r.Energy.ImportTotalWh!.Value));
        Assert.Equal(0, store.ApplyRetention(T0.AddDays(9)));
    }

    [Fact]
    public void Database_is_in_wal_mode_with_full_sync_and_passes_integrity_check()
    {
        using var store = ReadingStore.Open(Options());
        store.Append(Enumerable.Range(0, 100).Select(i => Reading("M" + (i % 7), T0.AddMinutes(i), i)).ToList());
        store.ApplyRetention(T0.AddDays(90).AddMinutes(50));

        Assert.Equal("wal", store.JournalMode());
        Assert.Equal(2, store.SynchronousLevel());
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void A_database_from_a_newer_schema_is_refused_with_its_path()
    {
        using (ReadingStore.Open(Options()))
        {
        }

        using (var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Options().DatabasePath, Pooling = false }.ToString()))
        {
            raw.Open();
            using var bump = raw.CreateCommand();
            bump.CommandText = "UPDATE schema_version SET version = 99";
            bump.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidDataException>(() => ReadingStore.Open(Options()));
        Assert.Contains("readings.db", error.Message, StringComparison.Ordinal);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
