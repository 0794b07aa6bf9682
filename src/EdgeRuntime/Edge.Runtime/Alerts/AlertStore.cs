using System.Globalization;
using System.Text;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Alerts;

/// <summary>
/// Durable, deduplicated alerts in the gateway's SQLite file. WAL with synchronous=FULL, as the reading store: a
/// committed alert has been fsynced before <see cref="Raise"/> returns (see docs/gateway-storage.md), so an alert the
/// LED, the page or the uplink has shown survives a power cut.
///
/// Deduplication rule (<see cref="Raise"/>): a finding for a meter and kind is folded into an existing alert of the same
/// meter and kind, instead of a new row, when that alert is
///   1. open (not acknowledged), or
///   2. acknowledged less than <see cref="AlertStoreOptions.QuietAfterAcknowledge"/> before the finding's time.
/// Folding replaces evidence, score and model version with the new ones, sets the last-seen time and adds one to the
/// occurrence count; the first-raised time and the acknowledgement stay. Otherwise the finding becomes a new alert.
/// So a meter that keeps stealing has one open alert per kind, and after a technician acknowledges it the finding comes
/// back as a new alert only if it is still made once the quiet period is over.
///
/// Thread-safe: the scoring service writes while the API reads; one connection, one lock.
/// </summary>
public sealed class AlertStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly AlertStoreOptions _options;
    private readonly Lock _gate = new();

    private AlertStore(SqliteConnection connection, AlertStoreOptions options)
    {
        _connection = connection;
        _options = options;
    }

    /// <summary>
    /// Raised after an alert is committed, new or folded (<see cref="AlertRaisedEventArgs.IsNew"/>), on the thread that
    /// called <see cref="Raise"/>, outside the store's lock. Handlers must be quick (the uplink queues it in its outbox).
    /// </summary>
    public event EventHandler<AlertRaisedEventArgs>? AlertRaised;

    /// <summary>Opens the alert tables in the database file at <see cref="AlertStoreOptions.DatabasePath"/>, creating them if absent.</summary>
    public static AlertStore Open(AlertStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DatabasePath);
        if (options.QuietAfterAcknowledge < TimeSpan.Zero)
        {
            throw new ArgumentException($"QuietAfterAcknowledge must not be negative, got {options.QuietAfterAcknowledge}", nameof(options));
        }

        return DurableDatabase.Open(options.DatabasePath, connection =>
        {
            AlertSchema.Ensure(connection);
            return new AlertStore(connection, options);
        });
    }

    /// <summary>
    /// Stores a finding and returns the alert as committed: a new alert (<see cref="Alert.Occurrences"/> 1) or the
    /// existing one it was folded into (see the class comment for the rule). Returns only after the commit is durable.
    /// <see cref="Alert.RaisedAt"/> of <paramref name="finding"/> is the time the finding was made.
    /// </summary>
    public Alert Raise(Alert finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentException.ThrowIfNullOrEmpty(finding.MeterId);
        ArgumentException.ThrowIfNullOrWhiteSpace(finding.Evidence);
        if (finding.Score is { } s && !float.IsFinite(s))
        {
            throw new ArgumentException($"alert for meter {finding.MeterId} has a non-finite score {s}", nameof(finding));
        }

        Alert stored;
        lock (_gate)
        {
            // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the read and the write below are one atomic step even
            // when another connection writes the same file.
            using var transaction = _connection.BeginTransaction();
            var existing = FoldTarget(transaction, finding);
            var id = existing is null ? Insert(transaction, finding) : Fold(transaction, existing.Value, finding);
            transaction.Commit();
            stored = GetLocked(id)!;
        }

        AlertRaised?.Invoke(this, new AlertRaisedEventArgs(stored));
        return stored;
    }

    /// <summary>The alert with this id, or null.</summary>
    public Alert? Get(long id)
    {
        lock (_gate)
        {
            return GetLocked(id);
        }
    }

    /// <summary>Alerts matching <paramref name="query"/>, newest (by last-seen time) first.</summary>
    public IReadOnlyList<Alert> List(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            var sql = new StringBuilder($"SELECT {AlertRow.Columns} FROM alerts WHERE 1 = 1");
            if (query.OpenOnly)
            {
                sql.Append(" AND ack_ms IS NULL");
            }

            if (query.MeterId is { } meter)
            {
                sql.Append(" AND meter_id = $meter");
                command.Parameters.AddWithValue("$meter", meter);
            }

            if (query.Kind is { } kind)
            {
                sql.Append(" AND kind = $kind");
                command.Parameters.AddWithValue("$kind", kind.ToString());
            }

            if (query.Since is { } since)
            {
                sql.Append(" AND last_seen_ms >= $since");
                command.Parameters.AddWithValue("$since", AlertRow.Ms(since));
            }

            sql.Append(" ORDER BY last_seen_ms DESC, id DESC LIMIT $limit");
            command.Parameters.AddWithValue("$limit", query.Limit);
            command.CommandText = sql.ToString();
            return ReadAll(command);
        }
    }

    /// <summary>Number of alerts nobody has acknowledged (for the LED and the metrics).</summary>
    public int CountOpen()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM alerts WHERE ack_ms IS NULL";
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Records that <paramref name="by"/> acknowledged the alert at <paramref name="at"/>. Returns true if this changed
    /// the alert; false if it was already acknowledged (the first acknowledgement is kept) or no alert has this id.
    /// Durable when it returns.
    /// </summary>
    public bool Acknowledge(long id, string by, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE alerts SET ack_ms = $ms, ack_offset_min = $off, ack_by = $by WHERE id = $id AND ack_ms IS NULL";
            command.Parameters.AddWithValue("$ms", AlertRow.Ms(at));
            command.Parameters.AddWithValue("$off", AlertRow.OffsetMinutes(at));
            command.Parameters.AddWithValue("$by", by);
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() == 1;
        }
    }

    /// <summary>Result of SQLite's PRAGMA integrity_check: "ok" when the database is sound.</summary>
    public string IntegrityCheck()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>The id of the alert a finding folds into (an open one first, else one acknowledged within the quiet period).</summary>
    private long? FoldTarget(SqliteTransaction transaction, Alert finding)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT id FROM alerts
            WHERE meter_id = $meter AND kind = $kind AND (ack_ms IS NULL OR ack_ms > $quiet_from)
            ORDER BY ack_ms IS NULL DESC, id DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$meter", finding.MeterId);
        command.Parameters.AddWithValue("$kind", finding.Kind.ToString());
        command.Parameters.AddWithValue("$quiet_from", AlertRow.Ms(finding.RaisedAt - _options.QuietAfterAcknowledge));
        return command.ExecuteScalar() is long id ? id : null;
    }

    private long Insert(SqliteTransaction transaction, Alert finding)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO alerts (meter_id, kind, raised_ms, raised_offset_min, last_seen_ms, last_seen_offset_min,
                                occurrences, score, model_version, evidence)
            VALUES ($meter, $kind, $ms, $off, $ms, $off, 1, $score, $model, $evidence)
            RETURNING id
            """;
        command.Parameters.AddWithValue("$meter", finding.MeterId);
        command.Parameters.AddWithValue("$kind", finding.Kind.ToString());
        AddFindingParameters(command, finding);
        return (long)command.ExecuteScalar()!;
    }

    private long Fold(SqliteTransaction transaction, long id, Alert finding)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE alerts SET last_seen_ms = $ms, last_seen_offset_min = $off, occurrences = occurrences + 1,
                              score = $score, model_version = $model, evidence = $evidence
            WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        AddFindingParameters(command, finding);
        command.ExecuteNonQuery();
        return id;
    }

    private static void AddFindingParameters(SqliteCommand command, Alert finding)
    {
        command.Parameters.AddWithValue("$ms", AlertRow.Ms(finding.RaisedAt));
        command.Parameters.AddWithValue("$off", AlertRow.OffsetMinutes(finding.RaisedAt));
        command.Parameters.AddWithValue("$score", AlertRow.Db(finding.Score is { } s ? (double?)s : null));
        command.Parameters.AddWithValue("$model", AlertRow.Db(finding.ModelVersion));
        command.Parameters.AddWithValue("$evidence", finding.Evidence);
    }

    private Alert? GetLocked(long id)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {AlertRow.Columns} FROM alerts WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return ReadAll(command) is [var alert] ? alert : null;
    }

    private static List<Alert> ReadAll(SqliteCommand command)
    {
        var result = new List<Alert>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(AlertRow.Read(reader));
        }

        return result;
    }
}
