using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// The database layout and its version. Times are Unix milliseconds (UTC) plus the UTC offset in minutes, so a reading
/// round-trips as the same <see cref="DateTimeOffset"/> and range queries compare integers.
/// Version 2 adds the per-phase voltages and the meter's event counters (nullable, so version-1 rows stay valid);
/// a version-1 file is migrated in place, a new file is created as version 1 and migrated the same way.
/// </summary>
internal static class StoreSchema
{
    public const int CurrentVersion = 2;

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
        UPDATE schema_version SET version = 2;
        """;

    /// <summary>
    /// Creates the schema in an empty database, migrates a version-1 database to version 2, and refuses any other
    /// version; all in one transaction.
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
            create.CommandText = CreateV1 + MigrateV1ToV2;
            create.ExecuteNonQuery();
            transaction.Commit();
            return;
        }

        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "SELECT max(version) FROM schema_version";
        var found = version.ExecuteScalar();
        var number = found is long v ? v : 0;
        if (number == 1)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = MigrateV1ToV2;
            migrate.ExecuteNonQuery();
        }
        else if (number != CurrentVersion)
        {
            throw new InvalidDataException(
                $"{connection.DataSource}: reading store schema version {number}, this gateway supports version {CurrentVersion}");
        }

        transaction.Commit();
    }
}
