using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// The database layout and its version. Times are Unix milliseconds (UTC) plus the UTC offset in minutes, so a reading
/// round-trips as the same <see cref="DateTimeOffset"/> and range queries compare integers.
/// Each version after 1 is one step in <see cref="Migrations"/>; an older file runs the steps it lacks in order, a new
/// file is created as version 1 and runs all of them, so there is a single path to the current layout.
/// Version 2 adds the per-phase voltages and the meter's event counters; version 3 the per-phase currents, the
/// voltage sag/swell counters and the power-failure log (nullable columns and a new table, so older rows stay valid);
/// version 4 the technicians' declared meter replacements (a new table); version 5 the withdrawal of a replacement
/// declared by mistake (kept for audit, so the table is rebuilt to let one withdrawn and one new declaration share an
/// instant) and the voltage sag and swell counters per phase.
/// </summary>
internal static class StoreSchema
{
    public static int CurrentVersion => 1 + Migrations.Length;

    private const string CreateV1 = """
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
        """;

    // SQLite's ALTER TABLE ADD COLUMN keeps existing rows (they read NULL) and is transactional, so a failure part way
    // leaves the file at version 1.
    private const string MigrateV1ToV2 = """
        ALTER TABLE readings ADD COLUMN voltage_l1_v REAL;
        ALTER TABLE readings ADD COLUMN voltage_l2_v REAL;
        ALTER TABLE readings ADD COLUMN voltage_l3_v REAL;
        ALTER TABLE readings ADD COLUMN power_failures INTEGER;
        ALTER TABLE readings ADD COLUMN long_power_failures INTEGER;
        ALTER TABLE readings ADD COLUMN tamper_events INTEGER;
        """;

    // DSMR P1 5.0.2 Table 6-3: instantaneous current per phase (1-0:31/51/71.7.0, A), the voltage sag and swell counters
    // (1-0:32/52/72.32.0 and .36.0; MeterReading carries their sum over the phases) and the long power-failure event
    // log (1-0:99.97.0). A meter repeats its whole log in every telegram, so an entry is kept once: the key is the meter
    // and the entry's end time (the meter's clock, as logged); first_seen_ms is when the gateway first read it.
    private const string MigrateV2ToV3 = """
        ALTER TABLE readings ADD COLUMN current_l1_a REAL;
        ALTER TABLE readings ADD COLUMN current_l2_a REAL;
        ALTER TABLE readings ADD COLUMN current_l3_a REAL;
        ALTER TABLE readings ADD COLUMN voltage_sags INTEGER;
        ALTER TABLE readings ADD COLUMN voltage_swells INTEGER;
        CREATE TABLE power_failure_log (
            meter_id TEXT NOT NULL CHECK (length(meter_id) > 0),
            end_ms INTEGER NOT NULL,
            end_offset_min INTEGER NOT NULL,
            duration_s INTEGER NOT NULL CHECK (duration_s >= 0),
            first_seen_ms INTEGER NOT NULL,
            PRIMARY KEY (meter_id, end_ms)
        ) WITHOUT ROWID;
        CREATE INDEX power_failure_log_by_end ON power_failure_log (end_ms);
        """;

    // A new table only: rows of the other tables are untouched. One row per declared swap; (meter, instant) is unique so
    // the same swap cannot be declared twice. days_recomputed is 0 until store upkeep has recomputed the daily kWh of the
    // days the swap touches (StoreMaintenance), which the declaration invalidated.
    private const string MigrateV3ToV4 = """
        CREATE TABLE meter_replacements (
            id INTEGER PRIMARY KEY,
            meter_id TEXT NOT NULL CHECK (length(meter_id) > 0),
            swap_ms INTEGER NOT NULL,
            swap_offset_min INTEGER NOT NULL,
            old_final_wh INTEGER NOT NULL CHECK (old_final_wh >= 0),
            new_initial_wh INTEGER NOT NULL CHECK (new_initial_wh >= 0),
            declared_by TEXT NOT NULL CHECK (length(declared_by) > 0),
            declared_ms INTEGER NOT NULL,
            declared_offset_min INTEGER NOT NULL,
            note TEXT,
            days_recomputed INTEGER NOT NULL DEFAULT 0,
            UNIQUE (meter_id, swap_ms)
        );
        """;

    // A withdrawn declaration stays (who withdrew it, when, why: the audit trail of a swap the daily series ignores).
    // UNIQUE (meter_id, swap_ms) was a table constraint, which SQLite cannot drop, so the table is rebuilt as SQLite's
    // ALTER TABLE documentation describes (create, copy with the same ids, drop, rename), and only declarations in force
    // are unique per meter and instant, so a mistaken swap can be withdrawn and declared again with the right registers.
    // DSMR P1 5.0.2 Table 6-3: sags and swells are counted per phase (1-0:32/52/72.32.0 and 1-0:32/52/72.36.0); version 3
    // kept only their sum, which stays (older rows have only it).
    private const string MigrateV4ToV5 = """
        CREATE TABLE meter_replacements_v5 (
            id INTEGER PRIMARY KEY,
            meter_id TEXT NOT NULL CHECK (length(meter_id) > 0),
            swap_ms INTEGER NOT NULL,
            swap_offset_min INTEGER NOT NULL,
            old_final_wh INTEGER NOT NULL CHECK (old_final_wh >= 0),
            new_initial_wh INTEGER NOT NULL CHECK (new_initial_wh >= 0),
            declared_by TEXT NOT NULL CHECK (length(declared_by) > 0),
            declared_ms INTEGER NOT NULL,
            declared_offset_min INTEGER NOT NULL,
            note TEXT,
            days_recomputed INTEGER NOT NULL DEFAULT 0,
            withdrawn_ms INTEGER,
            withdrawn_offset_min INTEGER,
            withdrawn_by TEXT CHECK (withdrawn_by IS NULL OR length(withdrawn_by) > 0),
            withdrawn_reason TEXT,
            CHECK ((withdrawn_ms IS NULL) = (withdrawn_by IS NULL))
        );
        INSERT INTO meter_replacements_v5 (id, meter_id, swap_ms, swap_offset_min, old_final_wh, new_initial_wh,
                declared_by, declared_ms, declared_offset_min, note, days_recomputed)
            SELECT id, meter_id, swap_ms, swap_offset_min, old_final_wh, new_initial_wh,
                declared_by, declared_ms, declared_offset_min, note, days_recomputed FROM meter_replacements;
        DROP TABLE meter_replacements;
        ALTER TABLE meter_replacements_v5 RENAME TO meter_replacements;
        CREATE UNIQUE INDEX meter_replacements_in_force ON meter_replacements (meter_id, swap_ms) WHERE withdrawn_ms IS NULL;
        ALTER TABLE readings ADD COLUMN voltage_sags_l1 INTEGER;
        ALTER TABLE readings ADD COLUMN voltage_sags_l2 INTEGER;
        ALTER TABLE readings ADD COLUMN voltage_sags_l3 INTEGER;
        ALTER TABLE readings ADD COLUMN voltage_swells_l1 INTEGER;
        ALTER TABLE readings ADD COLUMN voltage_swells_l2 INTEGER;
        ALTER TABLE readings ADD COLUMN voltage_swells_l3 INTEGER;
        """;

    /// <summary>The step from version n + 1 to n + 2 is Migrations[n]; each step is kept once written, never edited.</summary>
    private static readonly string[] Migrations = [MigrateV1ToV2, MigrateV2ToV3, MigrateV3ToV4, MigrateV4ToV5];

    /// <summary>
    /// Creates the schema in an empty database, migrates an older database to the current version, and refuses a newer
    /// or unknown version; all in one transaction, so a failed step leaves the file at the version it had.
    /// </summary>
    public static void Ensure(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var probe = connection.CreateCommand();
        probe.Transaction = transaction;
        probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
        var exists = Convert.ToInt64(probe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
        if (!exists)
        {
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = CreateV1;
            create.ExecuteNonQuery();
            Migrate(connection, transaction, from: 1);
            transaction.Commit();
            return;
        }

        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "SELECT max(version) FROM schema_version";
        var found = version.ExecuteScalar();
        var number = found is long v ? v : 0;
        if (number >= 1 && number < CurrentVersion)
        {
            Migrate(connection, transaction, from: (int)number);
        }
        else if (number != CurrentVersion)
        {
            throw new InvalidDataException(
                $"{connection.DataSource}: reading store schema version {number}, this gateway supports version {CurrentVersion}");
        }

        transaction.Commit();
    }

    private static void Migrate(SqliteConnection connection, SqliteTransaction transaction, int from)
    {
        for (var version = from; version < CurrentVersion; version++)
        {
            using var step = connection.CreateCommand();
            step.Transaction = transaction;
            step.CommandText = Migrations[version - 1] + "UPDATE schema_version SET version = $next;";
            step.Parameters.AddWithValue("$next", version + 1);
            step.ExecuteNonQuery();
        }
    }
}
