using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Alerts;

/// <summary>
/// The alert tables, kept in the gateway's database file beside the readings with their own version table, so the
/// reading store's schema and this one evolve separately. Times are Unix milliseconds plus the UTC offset in minutes,
/// as in the reading store. The kind is stored by name, so a technician reading the file with sqlite3 sees words.
/// </summary>
internal static class AlertSchema
{
    public const int CurrentVersion = 1;

    private const string CreateV1 = """
        CREATE TABLE alert_schema_version (version INTEGER NOT NULL);
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            meter_id TEXT NOT NULL CHECK (length(meter_id) > 0),
            kind TEXT NOT NULL,
            raised_ms INTEGER NOT NULL,
            raised_offset_min INTEGER NOT NULL,
            last_seen_ms INTEGER NOT NULL,
            last_seen_offset_min INTEGER NOT NULL,
            occurrences INTEGER NOT NULL CHECK (occurrences >= 1),
            score REAL,
            model_version TEXT,
            evidence TEXT NOT NULL,
            ack_ms INTEGER,
            ack_offset_min INTEGER,
            ack_by TEXT
        );
        CREATE INDEX alerts_by_meter_kind ON alerts (meter_id, kind, id);
        CREATE INDEX alerts_by_last_seen ON alerts (last_seen_ms);
        INSERT INTO alert_schema_version (version) VALUES (1);
        """;

    /// <summary>Creates the tables if absent, or checks the version of existing ones.</summary>
    public static void Ensure(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var probe = connection.CreateCommand();
        probe.Transaction = transaction;
        probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alert_schema_version'";
        if (Convert.ToInt64(probe.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = CreateV1;
            create.ExecuteNonQuery();
            transaction.Commit();
            return;
        }

        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "SELECT max(version) FROM alert_schema_version";
        var number = version.ExecuteScalar() is long v ? v : 0;
        if (number != CurrentVersion)
        {
            throw new InvalidDataException(
                $"{connection.DataSource}: alert tables schema version {number}, this gateway supports version {CurrentVersion}");
        }

        transaction.Commit();
    }
}
