using System.Globalization;
using System.Threading.Channels;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace Edge.Runtime.Uplink;

/// <summary>
/// Durable queue of messages waiting for the broker, in SQLite (WAL, synchronous=FULL, the reading store's durability
/// argument: docs/gateway-storage.md). <see cref="Enqueue"/> returning means the message survives a power cut; a
/// message leaves only through <see cref="Remove"/>, which the publisher calls after the broker's PUBACK. Messages go
/// out oldest first (<see cref="Peek"/>). Thread-safe: stages enqueue while the publisher drains.
/// </summary>
public sealed class Outbox : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _count;

    // The message the publisher is sending; the bound never drops it, so a message counted as dropped was never sent.
    private long _inFlight;

    private Outbox(SqliteConnection connection, OutboxOptions options, TimeProvider time, string id)
    {
        _connection = connection;
        _options = options;
        _time = time;
        Id = id;
        _count = Convert.ToInt64(Scalar("SELECT count(*) FROM outbox"), CultureInfo.InvariantCulture);
    }

    /// <summary>Random identifier made when the outbox tables were created; with a sequence it names a message uniquely.</summary>
    public string Id { get; }

    /// <summary>Messages waiting.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Opens (creating if absent) the outbox tables in the database at <see cref="OutboxOptions.DatabasePath"/>.</summary>
    public static Outbox Open(OutboxOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (options.MaxMessages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(OutboxOptions.MaxMessages)} must be at least 1, was {options.MaxMessages}");
        }

        if (options.MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(OutboxOptions.MaxAge)} must be positive, was {options.MaxAge}");
        }

        return DurableDatabase.Open(options.DatabasePath, connection => new Outbox(connection, options, time, OutboxSchema.Ensure(connection)));
    }

    /// <summary>
    /// Stores the message and returns after the transaction is durable. In the same transaction, applies the bounds:
    /// expired health and summaries are dropped, then, beyond <see cref="OutboxOptions.MaxMessages"/>, the oldest of the
    /// least valuable kind (<see cref="OutboxKind"/>). Returns the message's sequence.
    /// </summary>
    public long Enqueue(string topic, ReadOnlySpan<byte> payload, OutboxKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), $"unknown outbox kind {(int)kind}");
        }

        long sequence;
        lock (_gate)
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            using var transaction = _connection.BeginTransaction();
            var count = _count;
            var cutoff = now - (long)_options.MaxAge.TotalMilliseconds;
            count -= DropExpired(transaction, OutboxKind.Health, cutoff);
            count -= DropExpired(transaction, OutboxKind.DailySummary, cutoff);

            using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO outbox (kind, topic, payload, enqueued_ms) VALUES ($kind, $topic, $payload, $at) RETURNING seq";
                insert.Parameters.AddWithValue("$kind", (int)kind);
                insert.Parameters.AddWithValue("$topic", topic);
                insert.Parameters.Add("$payload", SqliteType.Blob).Value = payload.ToArray();
                insert.Parameters.AddWithValue("$at", now);
                sequence = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
                count++;
            }

            foreach (var victim in (ReadOnlySpan<OutboxKind>)[OutboxKind.Health, OutboxKind.DailySummary, OutboxKind.Alert])
            {
                if (count <= _options.MaxMessages)
                {
                    break;
                }

                count -= DropOldest(transaction, victim, count - _options.MaxMessages);
            }

            transaction.Commit();
            _count = count;
        }

        _wake.Writer.TryWrite(true);
        return sequence;
    }

    /// <summary>The oldest message, or null when the outbox is empty. It stays until <see cref="Remove"/>.</summary>
    public OutboxMessage? Peek()
    {
        lock (_gate)
        {
            using var query = _connection.CreateCommand();
            query.CommandText = "SELECT seq, kind, topic, payload, enqueued_ms FROM outbox ORDER BY seq LIMIT 1";
            using var reader = query.ExecuteReader();
            if (!reader.Read())
            {
                _inFlight = 0;
                return null;
            }

            var message = new OutboxMessage(
                reader.GetInt64(0),
                (OutboxKind)reader.GetInt32(1),
                reader.GetString(2),
                (byte[])reader.GetValue(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
            _inFlight = message.Sequence;
            return message;
        }
    }

    /// <summary>Deletes a delivered message (durably). Returns false if it was not there.</summary>
    public bool Remove(long sequence)
    {
        lock (_gate)
        {
            using var delete = _connection.CreateCommand();
            delete.CommandText = "DELETE FROM outbox WHERE seq = $seq";
            delete.Parameters.AddWithValue("$seq", sequence);
            var removed = delete.ExecuteNonQuery() == 1;
            if (removed)
            {
                _count--;
            }

            if (_inFlight == sequence)
            {
                _inFlight = 0;
            }

            return removed;
        }
    }

    /// <summary>When the oldest waiting message was enqueued (gateway time); null when the outbox is empty.</summary>
    public DateTimeOffset? OldestEnqueuedAt()
    {
        lock (_gate)
        {
            return Scalar("SELECT enqueued_ms FROM outbox ORDER BY seq LIMIT 1") is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }
    }

    /// <summary>The messages dropped to stay within the bounds, by kind, since the outbox was created.</summary>
    public OutboxDrops Drops()
    {
        lock (_gate)
        {
            return new OutboxDrops(DropCount(OutboxKind.Health), DropCount(OutboxKind.DailySummary), DropCount(OutboxKind.Alert));
        }
    }

    /// <summary>
    /// Completes when a message may be waiting: at once if the outbox is not empty, otherwise at the next enqueue.
    /// May complete spuriously; callers <see cref="Peek"/> again.
    /// </summary>
    public async ValueTask WaitForMessagesAsync(CancellationToken cancellationToken)
    {
        if (Count > 0)
        {
            return;
        }

        await _wake.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Result of SQLite's PRAGMA integrity_check: "ok" when the database is sound.</summary>
    public string IntegrityCheck()
    {
        lock (_gate)
        {
            return Convert.ToString(Scalar("PRAGMA integrity_check"), CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private long DropExpired(SqliteTransaction transaction, OutboxKind kind, long cutoffMs)
    {
        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM outbox WHERE kind = $kind AND enqueued_ms < $cutoff AND seq <> $inflight";
        delete.Parameters.AddWithValue("$kind", (int)kind);
        delete.Parameters.AddWithValue("$cutoff", cutoffMs);
        delete.Parameters.AddWithValue("$inflight", _inFlight);
        return CountDrops(transaction, kind, delete.ExecuteNonQuery());
    }

    private long DropOldest(SqliteTransaction transaction, OutboxKind kind, long howMany)
    {
        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = """
            DELETE FROM outbox WHERE seq IN (
                SELECT seq FROM outbox WHERE kind = $kind AND seq <> $inflight ORDER BY seq LIMIT $n)
            """;
        delete.Parameters.AddWithValue("$kind", (int)kind);
        delete.Parameters.AddWithValue("$inflight", _inFlight);
        delete.Parameters.AddWithValue("$n", howMany);
        return CountDrops(transaction, kind, delete.ExecuteNonQuery());
    }

    private long CountDrops(SqliteTransaction transaction, OutboxKind kind, int dropped)
    {
        if (dropped > 0)
        {
            using var update = _connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE outbox_drops SET dropped = dropped + $n WHERE kind = $kind";
            update.Parameters.AddWithValue("$n", dropped);
            update.Parameters.AddWithValue("$kind", (int)kind);
            update.ExecuteNonQuery();
        }

        return dropped;
    }

    private long DropCount(OutboxKind kind)
    {
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT dropped FROM outbox_drops WHERE kind = $kind";
        query.Parameters.AddWithValue("$kind", (int)kind);
        return Convert.ToInt64(query.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
