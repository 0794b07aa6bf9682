using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Uplink;

/// <summary>
/// The outbox tables. They carry their own names and version (in <c>outbox_meta</c>), so the outbox can share a
/// database file with the reading store without touching its <c>schema_version</c>.
/// </summary>
internal static class OutboxSchema
{
    public const string CurrentVersion = "1";

    // AUTOINCREMENT, not a plain rowid: a plain rowid may reuse the sequence of a deleted last row, and a receiver
    // that deduplicates by (outbox id, sequence) would then discard a new message as a redelivery.
    private const string CreateV1 = """
        CREATE TABLE outbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind INTEGER NOT NULL CHECK (kind IN (1, 2, 3)),
            topic TEXT NOT NULL CHECK (length(topic) > 0),
            payload BLOB NOT NULL,
            enqueued_ms INTEGER NOT NULL
        );
        CREATE INDEX outbox_by_kind ON outbox (kind, seq);
        CREATE TABLE outbox_drops (kind INTEGER PRIMARY KEY, dropped INTEGER NOT NULL);
        INSERT INTO outbox_drops (kind, dropped) VALUES (1, 0), (2, 0), (3, 0);
        """;

    /// <summary>Creates the tables if absent, checks the version otherwise; returns the outbox's identifier.</summary>
    public static string Ensure(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var probe = connection.CreateCommand();
        probe.Transaction = transaction;
        probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox_meta'";
        var exists = Convert.ToInt64(probe.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        if (!exists)
        {
            var id = Guid.NewGuid().ToString("N");
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = CreateV1 + "INSERT INTO outbox_meta (key, value) VALUES ('version', $version), ('outbox_id', $id);";
            create.Parameters.AddWithValue("$version", CurrentVersion);
            create.Parameters.AddWithValue("$id", id);
            create.ExecuteNonQuery();
            transaction.Commit();
            return id;
        }

        var version = Meta(connection, transaction, "version");
        if (version != CurrentVersion)
        {
            throw new InvalidDataException(
                $"{connection.DataSource}: uplink outbox schema version {version ?? "(none)"}, this gateway supports version {CurrentVersion}");
        }

        var outboxId = Meta(connection, transaction, "outbox_id")
            ?? throw new InvalidDataException($"{connection.DataSource}: uplink outbox has no outbox_id in outbox_meta");
        transaction.Commit();
        return outboxId;
    }

    private static string? Meta(SqliteConnection connection, SqliteTransaction transaction, string key)
    {
        using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = "SELECT value FROM outbox_meta WHERE key = $key";
        query.Parameters.AddWithValue("$key", key);
        return query.ExecuteScalar() as string;
    }
}
