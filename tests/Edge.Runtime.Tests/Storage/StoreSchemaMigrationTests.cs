using Edge.MeterAdapter.Readings;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Tests.Storage;

/// <summary>A reading store written by an earlier gateway (versions 1 to 4) opens under the current version without losing a row.</summary>
public sealed class StoreSchemaMigrationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-migrate-").FullName;

    private string DatabasePath => Path.Combine(_dir, "readings.db");

    // The version-1 layout as the first gateway release created it, written out here rather than taken from the code,
    // with two rows: 1000 Wh at T0 and 1500 Wh at T0 + 1 h (Unix ms 1772323200000 = 2026-03-01T00:00Z).
    private const string Version1File = ShippedStoreLayouts.Version1 + """

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
        Assert.Equal(5, StoreSchema.CurrentVersion);

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

        Assert.Equal(5, SchemaVersion());
    }

    // What version-2 and version-3 gateways added to version 1, written out here as they shipped, with the daily table
    // those gateways kept beside the readings (created by DailyEnergyStore) holding one day: 1 March = 12.5 kWh (day
    // number 739675), and one power-failure log entry.
    private const string Version3Additions = ShippedStoreLayouts.Version2Additions + ShippedStoreLayouts.Version3Additions + """

        UPDATE readings SET voltage_l1_v = 230.5, tamper_events = 4, current_l1_a = 6.5 WHERE import_total_wh = 1500;
        INSERT INTO power_failure_log (meter_id, end_ms, end_offset_min, duration_s, first_seen_ms) VALUES ('E1', 1772323200000, 0, 240, 1772326800000);
        CREATE TABLE daily_energy (meter_id TEXT NOT NULL, day INTEGER NOT NULL, kwh REAL, PRIMARY KEY (meter_id, day)) WITHOUT ROWID;
        INSERT INTO daily_energy (meter_id, day, kwh) VALUES ('E1', 739675, 12.5);
        """;

    private void Execute(string sql)
    {
        using var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Count(string table)
    {
        using var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        raw.Open();
        using var command = raw.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void A_version_3_file_gains_the_replacement_table_and_keeps_its_readings_log_and_days()
    {
        WriteVersion1File();
        Execute(Version3Additions);

        Assert.Equal(739675, new DateOnly(2026, 3, 1).DayNumber);
        using (var replacements = MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = DatabasePath, MeterIds = ["E1"] }))
        {
            Assert.Empty(replacements.List());

            // On 2 March at noon, so the stored 1 March is not among the days the declaration invalidates.
            var swap = replacements.Declare(new ReplacementDeclaration("E1", T0.AddHours(36), 1800, 0, "Ana", null), T0.AddDays(2));
            Assert.Equal([swap], replacements.List("E1"));
        }

        Assert.Equal(5, SchemaVersion());
        using var store = ReadingStore.Open(Options);
        var kept = store.Read("E1", T0, T0.AddDays(1));
        Assert.Equal([1000L, 1500L], kept.Select(r => r.Energy.ImportTotalWh!.Value));
        Assert.Equal([230.5], kept[1].Instant.VoltageV);
        Assert.Equal(4, kept[1].Events.TamperEvents);
        Assert.Equal(1, Count("power_failure_log"));
        using var daily = DailyEnergyStore.Open(DatabasePath);
        Assert.Equal([12.5f], daily.Read("E1", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)).Kwh);
        Assert.Equal("ok", store.IntegrityCheck());
    }

    // A version-4 gateway's file: the version-3 file above plus the replacement table as it shipped, holding one
    // declaration with id 7: E1 swapped at 2026-03-02 12:00 +01:00 (Unix ms 1772449200000 = 11:00Z), declared by Ana at
    // 2026-03-03 00:00Z (1772496000000), its days already recomputed.
    private const string Version4Additions = ShippedStoreLayouts.Version4Additions + """

        INSERT INTO meter_replacements (id, meter_id, swap_ms, swap_offset_min, old_final_wh, new_initial_wh, declared_by, declared_ms, declared_offset_min, note, days_recomputed)
            VALUES (7, 'E1', 1772449200000, 60, 1800, 0, 'Ana', 1772496000000, 0, 'seal 4711', 1);
        """;

    [Fact]
    public void A_version_4_file_keeps_its_declarations_in_force_and_gains_withdrawal_and_per_phase_sags_and_swells()
    {
        WriteVersion1File();
        Execute(Version3Additions);
        Execute(Version4Additions);
        var swapAt = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(1));
        var declaredAt = new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero);

        using (var replacements = MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = DatabasePath, MeterIds = ["E1"] }))
        {
            var kept = Assert.Single(replacements.List());
            Assert.Equal(new DeclaredReplacement(7, "E1", swapAt, 1800, 0, "Ana", declaredAt, "seal 4711"), kept);
            Assert.Null(kept.WithdrawnAt);
            Assert.Equal([new Edge.Runtime.Daily.MeterReplacement("E1", swapAt, 1800, 0)], replacements.Replacements());
            Assert.Empty(replacements.AwaitingRecompute());

            // The old declaration can be withdrawn, and the same instant declared again with the right registers.
            var withdrawn = replacements.Withdraw(7, "Bo", "old register misread", declaredAt.AddDays(1));
            Assert.Equal(("Bo", "old register misread", declaredAt.AddDays(1)), (withdrawn.WithdrawnBy, withdrawn.WithdrawnReason, withdrawn.WithdrawnAt));
            var again = replacements.Declare(new ReplacementDeclaration("E1", swapAt, 1850, 0, "Bo", null), declaredAt.AddDays(1));
            Assert.Equal([7L, again.Id], replacements.List("E1").Select(r => r.Id));
            Assert.Equal([again.ToReplacement()], replacements.Replacements());
        }

        Assert.Equal(5, SchemaVersion());

        // Only one declaration in force per meter and instant, enforced by the file itself.
        var duplicate = Assert.Throws<SqliteException>(() => Execute("""
            INSERT INTO meter_replacements (meter_id, swap_ms, swap_offset_min, old_final_wh, new_initial_wh, declared_by, declared_ms, declared_offset_min)
                VALUES ('E1', 1772449200000, 0, 1, 0, 'Cy', 1772496000000, 0)
            """));
        Assert.Equal(19, duplicate.SqliteErrorCode); // SQLITE_CONSTRAINT

        // The readings, the log and the stored day are as they were; the new per-phase sag and swell columns read NULL.
        using var store = ReadingStore.Open(Options);
        var readings = store.Read("E1", T0, T0.AddDays(1));
        Assert.Equal([1000L, 1500L], readings.Select(r => r.Energy.ImportTotalWh!.Value));
        Assert.Equal(4, readings[1].Events.TamperEvents);
        Assert.Equal(2, Count("readings WHERE voltage_sags_l1 IS NULL AND voltage_sags_l2 IS NULL AND voltage_sags_l3 IS NULL AND voltage_swells_l1 IS NULL AND voltage_swells_l2 IS NULL AND voltage_swells_l3 IS NULL"));
        Assert.Equal(1, Count("power_failure_log"));
        using var daily = DailyEnergyStore.Open(DatabasePath);
        Assert.Equal([12.5f], daily.Read("E1", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)).Kwh);
        Assert.Equal("ok", store.IntegrityCheck());
    }

    [Fact]
    public void A_file_from_a_newer_gateway_is_refused_with_its_path_and_left_as_it_is()
    {
        WriteVersion1File();
        Execute("UPDATE schema_version SET version = 6");

        var e = Assert.Throws<InvalidDataException>(() => MeterReplacementStore.Open(new MeterReplacementStoreOptions { DatabasePath = DatabasePath, MeterIds = ["E1"] }));

        Assert.Contains(DatabasePath, e.Message, StringComparison.Ordinal);
        Assert.Contains("version 6", e.Message, StringComparison.Ordinal);
        Assert.Equal(6, SchemaVersion());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
