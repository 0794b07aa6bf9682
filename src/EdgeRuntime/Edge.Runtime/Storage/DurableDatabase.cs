using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// Opens the gateway's SQLite file the one way every store needs it: write-ahead log and synchronous=FULL, so a
/// committed transaction survives a power cut (reasoning in docs/gateway-storage.md). The reading, daily, alert and
/// outbox stores share the file, each through its own connection.
/// </summary>
internal static class DurableDatabase
{
    /// <summary>
    /// Opens <paramref name="path"/> (created if absent) and hands the connection to <paramref name="create"/>, which
    /// ensures its schema and builds the store; the connection is closed again if that fails.
    /// </summary>
    public static T Open<T>(string path, Func<SqliteConnection, T> create)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL");
            Execute(connection, "PRAGMA synchronous = FULL");
            return create(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
