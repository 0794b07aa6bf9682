using Edge.MeterAdapter.Readings;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

/// <summary>
/// A reading store written by a version-2 gateway (voltages and event counters, no currents, sags/swells or failure log)
/// migrates through version 3 to the current one in place: every column of every old row reads back unchanged, the new columns are null, and
/// the file passes integrity_check.
/// </summary>
public sealed class StoreSchemaV2MigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-migrate-v2-").FullName;

    private string DatabasePath => Path.Combine(_dir, "gateway.db");

    // The version-2 layout as the version-2 gateway left it (version-1 DDL, then its six ADD COLUMNs), written out here
    // rather than taken from the code, with three rows: a three-phase DSMR reading, a single-phase one with no counters,
    // and a bare S0 reading (protocol 3, quality Derived = 8). Unix ms 1772323200000 = 2026-03-01T00:00Z.
    private const string Version2File = ShippedStoreLayouts.Version1 + ShippedStoreLayouts.Version2Additions + """

        INSERT INTO readings VALUES
            (1, 'E3', 0, 1772323200000, 60, 1772323195000, 60, 123456789, 654321, 7, 0, NULL, NULL, 2, 1193.0, 0.0, 0,
             220.1, 220.2, 220.3, 4, 2, 0),
            (2, 'E1', 2, 1772326800000, 0, NULL, NULL, NULL, NULL, NULL, NULL, 1500, 3, NULL, 300.5, NULL, 6,
             230.25, NULL, NULL, NULL, NULL, NULL),
            (3, 'S0', 3, 1772330400000, 0, NULL, NULL, NULL, NULL, NULL, NULL, 42, NULL, NULL, NULL, NULL, 8,
             NULL, NULL, NULL, NULL, NULL, NULL);
        """;

    private const string Version2Columns = """
        id, meter_id, protocol, gateway_time_ms, gateway_offset_min, meter_time_ms, meter_offset_min, import_t1_wh,
        import_t2_wh, export_t1_wh, export_t2_wh, import_total_wh, export_total_wh, active_tariff, import_power_w,
        export_power_w, quality, voltage_l1_v, voltage_l2_v, voltage_l3_v, power_failures, long_power_failures, tamper_events
        """;

    private SqliteConnection Raw()
    {
        var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        raw.Open();
        return raw;
    }

    /// <summary>Every row as text, each value with its SQLite storage class, so a changed type shows as well as a changed value.</summary>
    private List<string> Dump(string columns)
    {
        using var raw = Raw();
        using var query = raw.CreateCommand();
        query.CommandText = $"SELECT {columns} FROM readings ORDER BY id";
        using var reader = query.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i)
                ? "null"
                : $"{reader.GetDataTypeName(i)}:{Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}")));
        }

        return rows;
    }

    private string Scalar(string sql)
    {
        using var raw = Raw();
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [Fact]
    public void A_version_2_file_migrates_to_version_3_with_every_row_intact()
    {
        using (var raw = Raw())
        {
            using var write = raw.CreateCommand();
            write.CommandText = Version2File;
            write.ExecuteNonQuery();
        }

        var before = Dump(Version2Columns);
        Assert.Equal(3, before.Count);

        using (var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath }))
        {
            Assert.Equal("ok", store.IntegrityCheck());

            // The old rows through the store: the values written into Version2File above.
            var e3 = Assert.Single(store.Read("E3", T0, T0.AddDays(1)));
            Assert.Equal(123_456_789L, e3.Energy.ImportTariff1Wh);
            Assert.Equal([220.1, 220.2, 220.3], e3.Instant.VoltageV);
            Assert.Equal((4, 2, 0), (e3.Events.PowerFailures, e3.Events.LongPowerFailures, e3.Events.TamperEvents));
            Assert.Empty(e3.Instant.CurrentA);
            Assert.Null(e3.Events.VoltageSags);
            Assert.Null(e3.Events.VoltageSwells);
            Assert.Equal(TimeSpan.FromHours(1), e3.GatewayTime.Offset);
            Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 59, 55, TimeSpan.FromHours(1)), e3.MeterTime);
            var s0 = Assert.Single(store.Read("S0", T0, T0.AddDays(1)));
            Assert.Equal((MeterProtocol.S0Pulse, ReadingQuality.Derived, 42L), (s0.Protocol, s0.Quality, s0.Energy.ImportTotalWh));

            // New rows with the version-3 values go in beside them.
            store.Append([new MeterReading
            {
                MeterId = "E3",
                Protocol = MeterProtocol.DsmrP1,
                GatewayTime = T0.AddHours(5),
                Instant = new InstantaneousValues { VoltageV = [230.0, 231.0, 232.0], CurrentA = [1.5, 0.0, 12.25] },
                Events = new MeterEvents
                {
                    VoltageSags = 3,
                    VoltageSwells = 1,
                    PowerFailureLog = [new PowerFailureLogEntry(T0.AddHours(4), TimeSpan.FromSeconds(600))],
                },
            }]);
        }

        var after = Dump(Version2Columns);
        Assert.Equal(4, after.Count);
        Assert.Equal(before, after.Take(3));
        Assert.Equal(
            ["null|null|null|null|null", "null|null|null|null|null", "null|null|null|null|null", "REAL:1.5|REAL:0|REAL:12.25|INTEGER:3|INTEGER:1"],
            Dump("current_l1_a, current_l2_a, current_l3_a, voltage_sags, voltage_swells"));
        Assert.Equal($"{StoreSchema.CurrentVersion}/1", Scalar("SELECT max(version) || '/' || count(*) FROM schema_version"));
        Assert.Equal("E3|1772337600000|0|600", Scalar("SELECT meter_id || '|' || end_ms || '|' || end_offset_min || '|' || duration_s FROM power_failure_log"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
