using Edge.MeterAdapter.Readings;
using Edge.Runtime.Daily;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// Durable store of raw meter readings in SQLite. Write-ahead logging with synchronous=FULL: every committed
/// transaction has been fsynced to the WAL before <see cref="Append"/> returns, so a reading is acknowledged only once it
/// survives power loss (SQLite docs, "pragma synchronous": in WAL mode NORMAL may roll back the last transactions after
/// a power failure; FULL does not). Owns one connection; not thread-safe, one writer stage owns it.
/// A reading's power-failure log entries go to their own table in the same transaction, each entry once (see
/// <see cref="PowerFailureLogRow"/>).
/// </summary>
public sealed partial class ReadingStore : IReadingSink, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly ReadingStoreOptions _options;

    /// <summary>
    /// The last committed power-failure log of each meter. A meter repeats its log unchanged in every telegram, so a
    /// log equal to the last one stored needs no statement at all; an insert would be ignored by the key anyway.
    /// </summary>
    private readonly Dictionary<string, IReadOnlyList<PowerFailureLogEntry>> _storedLogs = new(StringComparer.Ordinal);

    private ReadingStore(SqliteConnection connection, ReadingStoreOptions options)
    {
        _connection = connection;
        _options = options;
    }

    /// <summary>Opens (creating if absent) the database at <see cref="ReadingStoreOptions.DatabasePath"/>.</summary>
    public static ReadingStore Open(ReadingStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RetentionBatchSize);
        return DurableDatabase.Open(options.DatabasePath, connection =>
        {
            StoreSchema.Ensure(connection);
            return new ReadingStore(connection, options);
        });
    }

    /// <summary>
    /// Stores the batch in one transaction and returns after it is committed and durable: returning is the
    /// acknowledgement. If any row fails, nothing of the batch is stored.
    /// </summary>
    public void Append(IReadOnlyList<MeterReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        ReadingRow.PrepareInsert(insert);
        using var log = _connection.CreateCommand();
        log.Transaction = transaction;
        PowerFailureLogRow.PrepareInsert(log);
        var newLogs = new Dictionary<string, IReadOnlyList<PowerFailureLogEntry>>(StringComparer.Ordinal);
        foreach (var reading in readings)
        {
            ReadingRow.Bind(insert, reading);
            insert.ExecuteNonQuery();
            var entries = reading.Events.PowerFailureLog;
            if (entries.Count == 0 || IsStored(reading.MeterId, entries, newLogs))
            {
                continue;
            }

            // Entries older than the raw retention would be deleted at the next upkeep and come back with the next
            // telegram; they are not kept in the first place.
            var oldest = reading.GatewayTime - _options.RawRetention;
            foreach (var entry in entries.Where(e => e.EndTime >= oldest))
            {
                PowerFailureLogRow.Bind(log, reading.MeterId, entry, reading.GatewayTime);
                log.ExecuteNonQuery();
            }

            newLogs[reading.MeterId] = entries;
        }

        transaction.Commit();
        foreach (var (meterId, entries) in newLogs)
        {
            _storedLogs[meterId] = entries;
        }
    }

    /// <summary>
    /// Power-failure log entries whose end time is in [from, to), of one meter or (null) of all, oldest first; bounds as in <see cref="Read"/>.
    /// </summary>
    public IReadOnlyList<LoggedPowerFailure> PowerFailures(string? meterId, DateTimeOffset from, DateTimeOffset to) =>
    [
        .. Rows(
            $"""
            SELECT {PowerFailureLogRow.Columns} FROM power_failure_log
            WHERE ($meter IS NULL OR meter_id = $meter) AND end_ms >= $from AND end_ms < $to
            ORDER BY end_ms, meter_id
            """,
            meterId,
            from,
            to,
            PowerFailureLogRow.Read),
    ];

    /// <summary>
    /// Readings of one meter with gateway time in [from, to), oldest first. Gateway times are stored in whole
    /// milliseconds, and a reading is compared at the millisecond it is stored (and read back) at, so a reading stamped
    /// at <c>now</c> is in [from, now + 1 tick).
    /// </summary>
    public IReadOnlyList<MeterReading> Read(string meterId, DateTimeOffset from, DateTimeOffset to) => [.. Stream(meterId, from, to)];

    /// <summary>
    /// The readings of <see cref="Read"/>, handed out one at a time as SQLite steps through them, so a week of
    /// one-second telegrams is never held in memory at once. The query runs again at each enumeration; the connection
    /// is busy until the enumeration ends.
    /// </summary>
    public IEnumerable<MeterReading> Stream(string meterId, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        return Rows(
            $"""
            SELECT {ReadingRow.Columns} FROM readings
            WHERE meter_id = $meter AND gateway_time_ms >= $from AND gateway_time_ms < $to
            ORDER BY gateway_time_ms, id
            """,
            meterId,
            from,
            to,
            ReadingRow.Read);
    }

    /// <summary>
    /// The import register (<see cref="EnergyRegisters.TotalImportWh"/>: the total, or the tariffs' sum) of the meter's
    /// readings in [from, to) that have one, in the order of <see cref="Read"/>, streamed: all the daily series needs,
    /// without building a whole reading per row.
    /// </summary>
    public IEnumerable<RegisterPoint> ImportRegister(string meterId, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        return Rows(
            $"""
            SELECT {RegisterColumns} FROM readings
            WHERE meter_id = $meter AND gateway_time_ms >= $from AND gateway_time_ms < $to AND {HasImportRegister}
            ORDER BY gateway_time_ms, id
            """,
            meterId,
            from,
            to,
            RegisterPointOf);
    }

    /// <summary>
    /// <see cref="ImportRegister"/> for every meter at once, in gateway-time order (each meter's points in the order of
    /// <see cref="Read"/>). The writer interleaves meters, so this reads each page of the range once where a query per
    /// meter reads it once per meter.
    /// </summary>
    public IEnumerable<(string MeterId, RegisterPoint Point)> ImportRegisters(DateTimeOffset from, DateTimeOffset to) => Rows(
        $"""
        SELECT {RegisterColumns}, meter_id FROM readings
        WHERE gateway_time_ms >= $from AND gateway_time_ms < $to AND {HasImportRegister}
        ORDER BY gateway_time_ms, id
        """,
        meterId: null,
        from,
        to,
        row => (row.GetString(3), RegisterPointOf(row)));

    /// <summary>
    /// Time, offset and the import register, computed by SQLite (<see cref="RegisterTotal"/>): one integer crosses into
    /// .NET per row instead of three nullable ones, each an interop call or two (these scans read every row of a day for
    /// every meter). The rows are those with an import register, so it is never null.
    /// </summary>
    private static readonly string RegisterColumns = $"gateway_time_ms, gateway_offset_min, {RegisterTotal("import")}";

    private static readonly string HasImportRegister = HasRegister("import");

    /// <summary>
    /// The SQL of <see cref="EnergyRegisters.Total"/> for the "import" or "export" columns: the total as reported, else
    /// the sum of the tariffs reported, NULL when none is.
    /// </summary>
    private static string RegisterTotal(string register) => $"""
        coalesce({register}_total_wh, CASE WHEN {register}_t1_wh IS NULL AND {register}_t2_wh IS NULL THEN NULL
            ELSE coalesce({register}_t1_wh, 0) + coalesce({register}_t2_wh, 0) END)
        """;

    /// <summary>Whether the row has the "import" or "export" register in any of its columns.</summary>
    private static string HasRegister(string register) =>
        $"({register}_total_wh IS NOT NULL OR {register}_t1_wh IS NOT NULL OR {register}_t2_wh IS NOT NULL)";

    private static RegisterPoint RegisterPointOf(SqliteDataReader row) => new(ReadingRow.Time(row.GetInt64(0), row.GetInt64(1)), row.GetInt64(2));

    /// <summary>
    /// The rows of a query over [from, to) (in stored milliseconds, see <see cref="CeilingMilliseconds"/>), streamed;
    /// <c>$meter</c> is the meter, or null for all (a statement that does not name it leaves it unused);
    /// <paramref name="more"/> binds the statement's other parameters.
    /// </summary>
    private IEnumerable<T> Rows<T>(
        string sql, string? meterId, DateTimeOffset from, DateTimeOffset to, Func<SqliteDataReader, T> read, params (string Name, object Value)[] more)
    {
        using var query = _connection.CreateCommand();
        query.CommandText = sql;
        query.Parameters.AddWithValue("$meter", (object?)meterId ?? DBNull.Value);
        query.Parameters.AddWithValue("$from", CeilingMilliseconds(from));
        query.Parameters.AddWithValue("$to", CeilingMilliseconds(to));
        foreach (var (name, value) in more)
        {
            query.Parameters.AddWithValue(name, value);
        }

        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            yield return read(reader);
        }
    }

    /// <summary>
    /// A bound as a stored millisecond: for a whole number m, m &gt;= t exactly when m &gt;= ceil(t). Truncating
    /// instead turned now + 1 tick into now's millisecond and lost a reading stored there.
    /// </summary>
    private static long CeilingMilliseconds(DateTimeOffset t)
    {
        var ms = t.ToUnixTimeMilliseconds();
        return t.UtcTicks % TimeSpan.TicksPerMillisecond == 0 ? ms : ms + 1;
    }

    /// <summary>Identifiers of all meters with stored readings, in ordinal order.</summary>
    public IReadOnlyList<string> MeterIds()
    {
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT DISTINCT meter_id FROM readings ORDER BY meter_id";
        var result = new List<string>();
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>Gateway time of the meter's oldest stored reading, or null if it has none.</summary>
    public DateTimeOffset? EarliestTime(string meterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT min(gateway_time_ms) FROM readings WHERE meter_id = $meter";
        query.Parameters.AddWithValue("$meter", meterId);
        return query.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>The meter's latest stored reading (by gateway time, then by insertion), or null if it has none.</summary>
    public MeterReading? Latest(string meterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(meterId);
        using var query = _connection.CreateCommand();
        query.CommandText = $"""
            SELECT {ReadingRow.Columns} FROM readings
            WHERE meter_id = $meter ORDER BY gateway_time_ms DESC, id DESC LIMIT 1
            """;
        query.Parameters.AddWithValue("$meter", meterId);
        using var reader = query.ExecuteReader();
        return reader.Read() ? ReadingRow.Read(reader) : null;
    }

    /// <summary>The import register of the meter's latest stored reading (by gateway time), or null if it has none.</summary>
    public long? LatestImportWh(string meterId) => Latest(meterId)?.Energy.TotalImportWh;

    /// <summary>
    /// Deletes raw readings whose gateway time is before <paramref name="now"/> minus the configured retention, in
    /// batches of <see cref="ReadingStoreOptions.RetentionBatchSize"/> rows, each its own transaction, and power-failure
    /// log entries that ended before the same cutoff (a few rows per meter and year, one statement). Returns readings deleted.
    /// </summary>
    public long ApplyRetention(DateTimeOffset now)
    {
        var cutoff = (now - _options.RawRetention).ToUnixTimeMilliseconds();
        using (var log = _connection.CreateCommand())
        {
            log.CommandText = "DELETE FROM power_failure_log WHERE end_ms < $cutoff";
            log.Parameters.AddWithValue("$cutoff", cutoff);
            log.ExecuteNonQuery();
        }

        using var delete = _connection.CreateCommand();
        delete.CommandText = """
            DELETE FROM readings WHERE id IN (
                SELECT id FROM readings WHERE gateway_time_ms < $cutoff ORDER BY gateway_time_ms LIMIT $batch)
            """;
        delete.Parameters.AddWithValue("$cutoff", cutoff);
        delete.Parameters.AddWithValue("$batch", _options.RetentionBatchSize);
        long total = 0;
        while (true)
        {
            var deleted = delete.ExecuteNonQuery();
            total += deleted;
            if (deleted < _options.RetentionBatchSize)
            {
                return total;
            }
        }
    }

    /// <summary>Result of SQLite's PRAGMA integrity_check: "ok" when the database is sound.</summary>
    public string IntegrityCheck() => Scalar("PRAGMA integrity_check");

    /// <summary>The journal mode in force ("wal").</summary>
    public string JournalMode() => Scalar("PRAGMA journal_mode");

    /// <summary>The synchronous level in force (2 = FULL).</summary>
    public long SynchronousLevel() => Convert.ToInt64(Scalar("PRAGMA synchronous"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Caps the database at <paramref name="pages"/> pages (PRAGMA max_page_count), so that fault tests meet a real
    /// SQLITE_FULL from SQLite itself, as on a full disk.
    /// </summary>
    internal void LimitPages(long pages) => Scalar(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PRAGMA max_page_count = {pages}"));

    public void Dispose() => _connection.Dispose();

    private bool IsStored(string meterId, IReadOnlyList<PowerFailureLogEntry> entries, Dictionary<string, IReadOnlyList<PowerFailureLogEntry>> inBatch) =>
        (inBatch.TryGetValue(meterId, out var known) || _storedLogs.TryGetValue(meterId, out known)) && known.SequenceEqual(entries);

    private string Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
