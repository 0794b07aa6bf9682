using Edge.MeterAdapter.Readings;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

/// <summary>A reading store written by a version-1 or version-2 gateway opens under the current version without losing a row.</summary>
public sealed class StoreSchemaMigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-migrate-").FullName;

    private string DatabasePath => Path.Combine(_dir, "readings.db");

    // The version-1 layout as the first gateway release created it, written out here rather than taken from the code,
    // with two rows: 1000 Wh at T0 and 1500 Wh at T0 + 1 h (Unix ms 1772323200000 = 2026-03-01T00:00Z).
    private const string Version1File = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE readings (
            id INTEGER PRIMARY KEY,
            meter_id TEXT NOT NULL CHECK (length(meter_id) > 0),
            protocol INTEGER NOT NULL,
            gateway_time_ms INTEGER NOT NULL,
            gateway_offset_min INTEGER NOT NULL,
            meter_time_ms INTEGER,
            meter_offset_min INTEGER,
            import_t1_wh INTEGER,
            import_t2_wh INTEGER,
            export_t1_wh INTEGER,
            export_t2_wh INTEGER,
            import_total_wh INTEGER,
            export_total_wh INTEGER,
            active_tariff INTEGER,
            import_power_w REAL,
            export_power_w REAL,
            quality INTEGER NOT NULL
        );
        CREATE INDEX readings_by_meter_time ON readings (meter_id, gateway_time_ms);
        CREATE INDEX readings_by_time ON readings (gateway_time_ms);
        INSERT INTO schema_version (version) VALUES (1);
        INSERT INTO readings (meter_id, protocol, gateway_time_ms, gateway_offset_min, import_total_wh, import_power_w, quality)
            VALUES ('E1', 0, 1772323200000, 0, 1000, 250.5, 0);
        INSERT INTO readings (meter_id, protocol, gateway_time_ms, gateway_offset_min, import_total_wh, import_power_w, quality)
            VALUES ('E1', 0, 1772326800000, 0, 1500, 300, 0);
        """;

    private ReadingStoreOptions Options => new() { DatabasePath = DatabasePath };

    private void WriteVersion1File()
    {
        using var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = Version1File;
        command.ExecuteNonQuery();
    }

    private long SchemaVersion()
    {
        using var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT max(version) || '/' || count(*) FROM schema_version";
        var text = (string)command.ExecuteScalar()!;
        Assert.EndsWith("/1", text, StringComparison.Ordinal); // still exactly one version row
        return long.Parse(text.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_version_1_file_migrates_in_place_keeps_its_rows_and_accepts_new_ones()
    {
        WriteVersion1File();

        using (var store = ReadingStore.Open(Options))
        {
            var old = store.Read("E1", T0, T0.AddDays(1));
            Assert.Equal([1000L, 1500L], old.Select(r => r.Energy.ImportTotalWh!.Value));
            Assert.Equal([250.5, 300.0], old.Select(r => r.Instant.ImportPowerW!.Value));
            Assert.Equal([T0, T0.AddHours(1)], old.Select(r => r.GatewayTime));
            Assert.All(old, r => Assert.Empty(r.Instant.VoltageV));
            Assert.All(old, r => Assert.Null(r.Events.TamperEvents));

            store.Append([new MeterReading
            {
                MeterId = "E1",
                Protocol = MeterProtocol.DsmrP1,
                GatewayTime = T0.AddHours(2),
                Energy = new EnergyRegisters { ImportTotalWh = 1700 },
                Instant = new InstantaneousValues { VoltageV = [231.0, 229.5, 230.25] },
                Events = new MeterEvents { PowerFailures = 3, LongPowerFailures = 1, TamperEvents = 2 },
            }]);
            Assert.Equal("ok", store.IntegrityCheck());
        }

        Assert.Equal(StoreSchema.CurrentVersion, SchemaVersion());
        Assert.Equal(3, StoreSchema.CurrentVersion);

        // Opening the migrated file again neither migrates twice nor refuses it.
        using var reopened = ReadingStore.Open(Options);
        var all = reopened.Read("E1", T0, T0.AddDays(1));
        Assert.Equal([1000L, 1500L, 1700L], all.Select(r => r.Energy.ImportTotalWh!.Value));
        Assert.Equal([231.0, 229.5, 230.25], all[2].Instant.VoltageV);
        Assert.Equal((3, 1, 2), (all[2].Events.PowerFailures, all[2].Events.LongPowerFailures, all[2].Events.TamperEvents));
    }

    [Fact]
    public void A_new_file_is_created_at_the_current_version()
    {
        using (ReadingStore.Open(Options))
        {
        }

        Assert.Equal(3, SchemaVersion());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
