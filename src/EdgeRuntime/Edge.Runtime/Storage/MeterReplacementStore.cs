using Edge.Runtime.Daily;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Storage;

/// <summary>
/// Meter replacements declared by technicians, in the <c>meter_replacements</c> table of the gateway's database (schema
/// version 4, withdrawal since version 5, <see cref="StoreSchema"/>), so that a swap's register drop is consumption on both meters and never a
/// negative delta (<see cref="DailySeriesBuilder"/>). WAL with synchronous=FULL as every store: a declaration is durable
/// when <see cref="Declare"/> returns.
///
/// Declaring is one transaction: the checks, the new row, and the invalidation of the stored daily kWh of the days the
/// swap can change (they were computed without it; they read as missing until store upkeep recomputes them from the raw
/// readings, see <see cref="StoreMaintenance"/>). Withdrawing a declaration made by mistake is the same in reverse: the
/// row stays for audit, marked withdrawn, and the days it changed are invalidated again, so upkeep recomputes them
/// without it. Thread-safe: the API declares while scoring reads; one connection, one lock.
/// </summary>
public sealed class MeterReplacementStore : IDisposable
{
    private const string Columns = """
        id, meter_id, swap_ms, swap_offset_min, old_final_wh, new_initial_wh, declared_by, declared_ms, declared_offset_min, note,
        withdrawn_ms, withdrawn_offset_min, withdrawn_by, withdrawn_reason
        """;

    private readonly SqliteConnection _connection;
    private readonly MeterReplacementStoreOptions _options;
    private readonly HashSet<string> _meters;
    private readonly Lock _gate = new();

    private MeterReplacementStore(SqliteConnection connection, MeterReplacementStoreOptions options)
    {
        _connection = connection;
        _options = options;
        _meters = new HashSet<string>(options.MeterIds, StringComparer.Ordinal);
    }

    /// <summary>Opens the table in the database file at <see cref="MeterReplacementStoreOptions.DatabasePath"/>, migrating the file to the current schema.</summary>
    public static MeterReplacementStore Open(MeterReplacementStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.DatabasePath);
        ArgumentNullException.ThrowIfNull(options.MeterIds);
        return DurableDatabase.Open(options.DatabasePath, connection =>
        {
            StoreSchema.Ensure(connection);
            DurableDatabase.Execute(connection, DailyEnergyStore.CreateTable);
            return new MeterReplacementStore(connection, options);
        });
    }

    /// <summary>
    /// Stores the declaration and invalidates the stored days it changes, in one transaction, and returns it as stored.
    /// Throws <see cref="ReplacementRejectedException"/> (nothing stored) for an unknown meter, a bad field, a swap after
    /// <paramref name="now"/> (the gateway's clock), or a replacement of the same meter at the same instant.
    /// </summary>
    public DeclaredReplacement Declare(ReplacementDeclaration declaration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        if (!_meters.Contains(declaration.MeterId))
        {
            throw new ReplacementRejectedException(ReplacementRejection.UnknownMeter, "meterId", $"'{declaration.MeterId}' is not a meter of this gateway's configuration");
        }

        if (declaration.Problem(now) is { } problem)
        {
            throw new ReplacementRejectedException(ReplacementRejection.Invalid, problem.Field, problem.Message);
        }

        lock (_gate)
        {
            // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the duplicate check and the insert are one atomic step
            // even when another connection writes the file.
            using var transaction = _connection.BeginTransaction();
            if (Find(transaction, declaration.MeterId, declaration.At) is { } existing)
            {
                throw new ReplacementRejectedException(
                    ReplacementRejection.Duplicate,
                    "at",
                    $"meter {existing.MeterId} already has a replacement declared at {existing.At:yyyy-MM-dd HH:mm:ss.fff zzz} (id {existing.Id}, by {existing.DeclaredBy})");
            }

            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO meter_replacements
                    (meter_id, swap_ms, swap_offset_min, old_final_wh, new_initial_wh, declared_by, declared_ms, declared_offset_min, note)
                VALUES ($meter, $swap_ms, $swap_off, $old, $new, $by, $declared_ms, $declared_off, $note)
                """;
            insert.Parameters.AddWithValue("$meter", declaration.MeterId);
            insert.Parameters.AddWithValue("$swap_ms", declaration.At.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$swap_off", (long)declaration.At.Offset.TotalMinutes);
            insert.Parameters.AddWithValue("$old", declaration.OldFinalWh);
            insert.Parameters.AddWithValue("$new", declaration.NewInitialWh);
            insert.Parameters.AddWithValue("$by", declaration.DeclaredBy.Trim());
            insert.Parameters.AddWithValue("$declared_ms", now.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$declared_off", (long)now.Offset.TotalMinutes);
            insert.Parameters.AddWithValue("$note", string.IsNullOrWhiteSpace(declaration.Note) ? DBNull.Value : declaration.Note.Trim());
            insert.ExecuteNonQuery();

            var stored = Find(transaction, declaration.MeterId, declaration.At)!;
            var (first, last) = stored.ToReplacement().AffectedDays(_options.DailySeries);
            DailyEnergyStore.Invalidate(transaction, stored.MeterId, first, last);
            transaction.Commit();
            return stored;
        }
    }

    /// <summary>
    /// Withdraws declaration <paramref name="id"/>, made by mistake: it is kept, marked withdrawn by
    /// <paramref name="withdrawnBy"/> at <paramref name="now"/> with the reason, and the stored days it changed are
    /// invalidated in the same transaction, so store upkeep recomputes them without it. Returns it as stored. Throws
    /// <see cref="ReplacementRejectedException"/> (nothing changed) for an unknown id, one already withdrawn, or a bad name or reason.
    /// </summary>
    public DeclaredReplacement Withdraw(long id, string withdrawnBy, string? reason, DateTimeOffset now)
    {
        if (!ReplacementDeclaration.IsName(withdrawnBy))
        {
            throw new ReplacementRejectedException(ReplacementRejection.Invalid, "by", $"must name who withdraws the replacement, 1 to {ReplacementDeclaration.MaxDeclaredByLength} printable characters");
        }

        if (!ReplacementDeclaration.IsNote(reason))
        {
            throw new ReplacementRejectedException(ReplacementRejection.Invalid, "reason", $"must be at most {ReplacementDeclaration.MaxNoteLength} characters of text, got {reason!.Length}");
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var found = ById(transaction, id)
                ?? throw new ReplacementRejectedException(ReplacementRejection.NotFound, "id", $"no meter replacement with id {id}");
            if (found.WithdrawnAt is { } withdrawnAt)
            {
                throw new ReplacementRejectedException(
                    ReplacementRejection.AlreadyWithdrawn,
                    "id",
                    $"replacement {id} of meter {found.MeterId} was already withdrawn at {withdrawnAt:yyyy-MM-dd HH:mm:ss zzz} by {found.WithdrawnBy}");
            }

            using var update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE meter_replacements
                SET withdrawn_ms = $ms, withdrawn_offset_min = $off, withdrawn_by = $by, withdrawn_reason = $reason, days_recomputed = 0
                WHERE id = $id
                """;
            update.Parameters.AddWithValue("$ms", now.ToUnixTimeMilliseconds());
            update.Parameters.AddWithValue("$off", (long)now.Offset.TotalMinutes);
            update.Parameters.AddWithValue("$by", withdrawnBy.Trim());
            update.Parameters.AddWithValue("$reason", string.IsNullOrWhiteSpace(reason) ? DBNull.Value : reason.Trim());
            update.Parameters.AddWithValue("$id", id);
            update.ExecuteNonQuery();

            var (first, last) = found.ToReplacement().AffectedDays(_options.DailySeries);
            DailyEnergyStore.Invalidate(transaction, found.MeterId, first, last);
            var withdrawn = ById(transaction, id)!;
            transaction.Commit();
            return withdrawn;
        }
    }

    /// <summary>Declared replacements, withdrawn ones included, of one meter or all, by meter and then swap time.</summary>
    public IReadOnlyList<DeclaredReplacement> List(string? meterId = null) =>
        Query(meterId is null ? string.Empty : "WHERE meter_id = $meter", meterId);

    /// <summary>Every declared swap in force (not withdrawn), as the daily series takes them.</summary>
    public IReadOnlyList<MeterReplacement> Replacements() =>
        [.. Query("WHERE withdrawn_ms IS NULL", null).Select(r => r.ToReplacement())];

    /// <summary>
    /// Declared or withdrawn replacements whose days store upkeep has not recomputed since, oldest declaration first.
    /// </summary>
    public IReadOnlyList<DeclaredReplacement> AwaitingRecompute() => Query("WHERE days_recomputed = 0", null, "id");

    /// <summary>Records that the days of replacement <paramref name="id"/> were recomputed.</summary>
    public void MarkRecomputed(long id)
    {
        lock (_gate)
        {
            using var update = _connection.CreateCommand();
            update.CommandText = "UPDATE meter_replacements SET days_recomputed = 1 WHERE id = $id";
            update.Parameters.AddWithValue("$id", id);
            update.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>The declaration in force for the meter at that instant (to the millisecond), or null.</summary>
    private DeclaredReplacement? Find(SqliteTransaction transaction, string meterId, DateTimeOffset at) =>
        One(transaction, "meter_id = $meter AND swap_ms = $swap_ms AND withdrawn_ms IS NULL", ("$meter", meterId), ("$swap_ms", at.ToUnixTimeMilliseconds()));

    private DeclaredReplacement? ById(SqliteTransaction transaction, long id) => One(transaction, "id = $id", ("$id", id));

    private DeclaredReplacement? One(SqliteTransaction transaction, string where, params (string Name, object Value)[] parameters)
    {
        using var query = _connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = $"SELECT {Columns} FROM meter_replacements WHERE {where}";
        foreach (var (name, value) in parameters)
        {
            query.Parameters.AddWithValue(name, value);
        }

        using var reader = query.ExecuteReader();
        return reader.Read() ? Row(reader) : null;
    }

    private List<DeclaredReplacement> Query(string where, string? meterId, string orderBy = "meter_id, swap_ms, id")
    {
        lock (_gate)
        {
            using var query = _connection.CreateCommand();
            query.CommandText = $"SELECT {Columns} FROM meter_replacements {where} ORDER BY {orderBy}";
            if (meterId is not null)
            {
                query.Parameters.AddWithValue("$meter", meterId);
            }

            var result = new List<DeclaredReplacement>();
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                result.Add(Row(reader));
            }

            return result;
        }
    }

    private static DeclaredReplacement Row(SqliteDataReader row) => new(
        Id: row.GetInt64(0),
        MeterId: row.GetString(1),
        At: ReadingRow.Time(row.GetInt64(2), row.GetInt64(3)),
        OldFinalWh: row.GetInt64(4),
        NewInitialWh: row.GetInt64(5),
        DeclaredBy: row.GetString(6),
        DeclaredAt: ReadingRow.Time(row.GetInt64(7), row.GetInt64(8)),
        Note: row.IsDBNull(9) ? null : row.GetString(9))
    {
        WithdrawnAt = row.IsDBNull(10) ? null : ReadingRow.Time(row.GetInt64(10), row.GetInt64(11)),
        WithdrawnBy = row.IsDBNull(12) ? null : row.GetString(12),
        WithdrawnReason = row.IsDBNull(13) ? null : row.GetString(13),
    };
}
