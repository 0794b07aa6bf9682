using Edge.Runtime.Daily;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// Daily import kWh per meter and local day, kept for the model's window after the raw readings they came from are
/// deleted by retention. A day without a complete value is stored as NULL and read back as NaN (missing), never zero.
/// Lives in the gateway database next to the readings (same WAL, synchronous=FULL); owns one connection.
/// </summary>
public sealed class DailyEnergyStore : IDisposable
{
    /// <summary>The table's DDL; also run by <see cref="MeterReplacementStore"/>, which invalidates days in it.</summary>
    internal const string CreateTable = """
        CREATE TABLE IF NOT EXISTS daily_energy (
            meter_id TEXT NOT NULL,
            day INTEGER NOT NULL,
            kwh REAL,
            PRIMARY KEY (meter_id, day)
        ) WITHOUT ROWID;
        """;

    private readonly SqliteConnection _connection;

    private DailyEnergyStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the daily table in the database file at <paramref name="databasePath"/>, creating it if absent.</summary>
    public static DailyEnergyStore Open(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        return DurableDatabase.Open(databasePath, connection =>
        {
            DurableDatabase.Execute(connection, CreateTable);
            return new DailyEnergyStore(connection);
        });
    }

    /// <summary>
    /// Stores the series' days in one transaction. A known value is never replaced by a missing one: once raw readings
    /// are gone, recomputing an old day would find nothing, and the value computed while they existed is the truth.
    /// </summary>
    public void Upsert(DailySeries series) => Write(series, "coalesce(excluded.kwh, daily_energy.kwh)");

    /// <summary>
    /// Stores the series' days in one transaction, a missing day included: for days whose stored value is known to be
    /// wrong (computed before a meter replacement was declared), where missing is the truth when the readings are gone.
    /// </summary>
    public void Replace(DailySeries series) => Write(series, "excluded.kwh");

    /// <summary>
    /// Marks the meter's days in [first, last] missing inside <paramref name="transaction"/> (the declaration of a meter
    /// replacement, so the invalidation commits or rolls back with it). Returns the days that had a row.
    /// </summary>
    internal static int Invalidate(SqliteTransaction transaction, string meterId, DateOnly first, DateOnly last)
    {
        using var update = transaction.Connection!.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE daily_energy SET kwh = NULL WHERE meter_id = $meter AND day BETWEEN $first AND $last";
        update.Parameters.AddWithValue("$meter", meterId);
        update.Parameters.AddWithValue("$first", first.DayNumber);
        update.Parameters.AddWithValue("$last", last.DayNumber);
        return update.ExecuteNonQuery();
    }

    private void Write(DailySeries series, string onConflict)
    {
        ArgumentNullException.ThrowIfNull(series);
        using var transaction = _connection.BeginTransaction();
        using var upsert = _connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = $"""
            INSERT INTO daily_energy (meter_id, day, kwh) VALUES ($meter, $day, $kwh)
            ON CONFLICT (meter_id, day) DO UPDATE SET kwh = {onConflict}
            """;
        upsert.Parameters.Add(new SqliteParameter { ParameterName = "$meter", Value = series.MeterId });
        var day = upsert.Parameters.Add(new SqliteParameter { ParameterName = "$day" });
        var kwh = upsert.Parameters.Add(new SqliteParameter { ParameterName = "$kwh" });
        for (var i = 0; i < series.Kwh.Length; i++)
        {
            day.Value = (long)series.FirstDay.AddDays(i).DayNumber;
            kwh.Value = float.IsNaN(series.Kwh[i]) ? DBNull.Value : (double)series.Kwh[i];
            upsert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The meter's daily kWh for [first, last]; days never stored are NaN.</summary>
    public DailySeries Read(string meterId, DateOnly first, DateOnly last)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        var kwh = new float[last.DayNumber - first.DayNumber + 1];
        Array.Fill(kwh, float.NaN);
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT day, kwh FROM daily_energy WHERE meter_id = $meter AND day BETWEEN $first AND $last AND kwh IS NOT NULL";
        query.Parameters.AddWithValue("$meter", meterId);
        query.Parameters.AddWithValue("$first", first.DayNumber);
        query.Parameters.AddWithValue("$last", last.DayNumber);
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            kwh[reader.GetInt64(0) - first.DayNumber] = (float)reader.GetDouble(1);
        }

        return new DailySeries(meterId, first, kwh, []);
    }

    /// <summary>The latest day stored for the meter (complete or not), or null.</summary>
    public DateOnly? LastDay(string meterId)
    {
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT max(day) FROM daily_energy WHERE meter_id = $meter";
        query.Parameters.AddWithValue("$meter", meterId);
        return query.ExecuteScalar() is long day ? DateOnly.FromDayNumber((int)day) : null;
    }

    /// <summary>Deletes days before <paramref name="firstKept"/>, <paramref name="batch"/> rows per transaction. Returns rows deleted.</summary>
    public long DeleteBefore(DateOnly firstKept, int batch = 5000)
    {
        using var delete = _connection.CreateCommand();
        delete.CommandText = """
            DELETE FROM daily_energy WHERE (meter_id, day) IN (SELECT meter_id, day FROM daily_energy WHERE day < $day LIMIT $batch)
            """;
        delete.Parameters.AddWithValue("$day", firstKept.DayNumber);
        delete.Parameters.AddWithValue("$batch", batch);
        long total = 0;
        int deleted;
        do
        {
            deleted = delete.ExecuteNonQuery();
            total += deleted;
        }
        while (deleted == batch);
        return total;
    }

    public void Dispose() => _connection.Dispose();
}
