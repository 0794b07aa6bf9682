using System.Text;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Storage;
using Edge.Runtime.Uplink;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Uplink;

public sealed class OutboxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-outbox-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_dir, "gateway.db");

    private Outbox Open(int maxMessages = 10_000, TimeSpan? maxAge = null) =>
        Outbox.Open(new OutboxOptions { DatabasePath = DatabasePath, MaxMessages = maxMessages, MaxAge = maxAge ?? TimeSpan.FromDays(30) }, _time);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Drains a copy of the queue's order without sending: peek, remember, remove.</summary>
    private static List<string> DrainPayloads(Outbox outbox)
    {
        var payloads = new List<string>();
        while (outbox.Peek() is { } message)
        {
            payloads.Add(Encoding.UTF8.GetString(message.Payload));
            Assert.True(outbox.Remove(message.Sequence));
        }

        return payloads;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Messages_survive_reopening_and_come_out_oldest_first_with_all_fields()
    {
        using (var outbox = Open())
        {
            outbox.Enqueue("edge/gw/alerts", Bytes("a"), OutboxKind.Alert);
            _time.Advance(TimeSpan.FromSeconds(1));
            outbox.Enqueue("edge/gw/health", Bytes("h"), OutboxKind.Health);
        }

        using var reopened = Open();
        Assert.Equal(2, reopened.Count);
        var first = reopened.Peek()!;
        Assert.Equal(new OutboxMessage(1, OutboxKind.Alert, "edge/gw/alerts", first.Payload, new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero)), first);
        Assert.Equal("a", Encoding.UTF8.GetString(first.Payload));
        Assert.Equal(["a", "h"], DrainPayloads(reopened));
        Assert.Equal(0, reopened.Count);
    }

    [Fact]
    public void A_message_stays_until_removed_and_peeking_again_returns_it_again()
    {
        using var outbox = Open();
        outbox.Enqueue("t", Bytes("x"), OutboxKind.Alert);

        var once = outbox.Peek()!;
        var twice = outbox.Peek()!;

        Assert.Equal(once.Sequence, twice.Sequence);
        Assert.True(outbox.Remove(once.Sequence));
        Assert.False(outbox.Remove(once.Sequence));
        Assert.Null(outbox.Peek());
    }

    [Fact]
    public void Sequences_are_never_reused_even_after_the_newest_message_was_removed_and_the_outbox_reopened()
    {
        using (var outbox = Open())
        {
            outbox.Enqueue("t", Bytes("1"), OutboxKind.Alert);
            outbox.Enqueue("t", Bytes("2"), OutboxKind.Alert);
            outbox.Enqueue("t", Bytes("3"), OutboxKind.Alert);
            Assert.True(outbox.Remove(3));
            Assert.True(outbox.Remove(1));
        }

        using var reopened = Open();
        var next = reopened.Enqueue("t", Bytes("4"), OutboxKind.Alert);

        Assert.Equal(4, next); // a plain rowid would hand out 3 again
        Assert.Equal(["2", "4"], DrainPayloads(reopened));
    }

    [Fact]
    public void Beyond_the_row_bound_health_goes_first_then_summaries_then_the_oldest_alerts_and_each_drop_is_counted()
    {
        using var outbox = Open(maxMessages: 3);
        outbox.Enqueue("t", Bytes("A1"), OutboxKind.Alert);
        outbox.Enqueue("t", Bytes("H1"), OutboxKind.Health);
        outbox.Enqueue("t", Bytes("D1"), OutboxKind.DailySummary);
        outbox.Enqueue("t", Bytes("H2"), OutboxKind.Health); // 4 > 3: H1, the oldest health, goes
        outbox.Enqueue("t", Bytes("A2"), OutboxKind.Alert); // H2 goes
        outbox.Enqueue("t", Bytes("A3"), OutboxKind.Alert); // no health left: D1 goes
        outbox.Enqueue("t", Bytes("A4"), OutboxKind.Alert); // only alerts left: A1, the oldest, goes

        Assert.Equal(new OutboxDrops(Health: 2, DailySummaries: 1, Alerts: 1), outbox.Drops());
        Assert.Equal(3, outbox.Count);
        Assert.Equal(["A2", "A3", "A4"], DrainPayloads(outbox));
    }

    [Fact]
    public void Health_and_summaries_older_than_the_age_bound_are_dropped_but_alerts_are_kept()
    {
        using var outbox = Open(maxAge: TimeSpan.FromDays(1));
        outbox.Enqueue("t", Bytes("A1"), OutboxKind.Alert);
        outbox.Enqueue("t", Bytes("H1"), OutboxKind.Health);
        outbox.Enqueue("t", Bytes("D1"), OutboxKind.DailySummary);
        _time.Advance(TimeSpan.FromHours(23));
        outbox.Enqueue("t", Bytes("H2"), OutboxKind.Health); // 23 h: nothing is older than a day yet
        Assert.Equal(new OutboxDrops(0, 0, 0), outbox.Drops());

        _time.Advance(TimeSpan.FromHours(2));
        outbox.Enqueue("t", Bytes("H3"), OutboxKind.Health); // 25 h after H1 and D1, 2 h after H2

        Assert.Equal(new OutboxDrops(Health: 1, DailySummaries: 1, Alerts: 0), outbox.Drops());
        Assert.Equal(["A1", "H2", "H3"], DrainPayloads(outbox));
    }

    [Fact]
    public void The_message_being_sent_is_never_dropped_by_the_bound()
    {
        using var outbox = Open(maxMessages: 2);
        outbox.Enqueue("t", Bytes("H1"), OutboxKind.Health);
        outbox.Enqueue("t", Bytes("H2"), OutboxKind.Health);
        var inFlight = outbox.Peek()!;

        outbox.Enqueue("t", Bytes("H3"), OutboxKind.Health); // H1 is in flight, so H2 goes

        Assert.True(outbox.Remove(inFlight.Sequence));
        Assert.Equal(["H3"], DrainPayloads(outbox));
        Assert.Equal(new OutboxDrops(1, 0, 0), outbox.Drops());
    }

    [Fact]
    public void Drop_counters_survive_reopening()
    {
        using (var outbox = Open(maxMessages: 1))
        {
            outbox.Enqueue("t", Bytes("A1"), OutboxKind.Alert);
            outbox.Enqueue("t", Bytes("A2"), OutboxKind.Alert);
        }

        using var reopened = Open(maxMessages: 1);
        Assert.Equal(new OutboxDrops(0, 0, 1), reopened.Drops());
    }

    [Fact]
    public void The_outbox_shares_a_database_file_with_the_reading_store_without_disturbing_it()
    {
        var reading = new MeterReading
        {
            MeterId = "E1",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = _time.GetUtcNow(),
            Energy = new EnergyRegisters { ImportTotalWh = 42 },
        };
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        store.Append([reading]);
        using var outbox = Open();
        outbox.Enqueue("t", Bytes("a"), OutboxKind.Alert);
        store.Append([reading with { GatewayTime = reading.GatewayTime.AddMinutes(1) }]);

        Assert.Equal(2, store.Read("E1", reading.GatewayTime, reading.GatewayTime.AddHours(1)).Count);
        Assert.Equal(1, outbox.Count);
        Assert.Equal("ok", outbox.IntegrityCheck());
        Assert.Equal("wal", store.JournalMode());
    }

    [Fact]
    public void An_outbox_of_another_schema_version_is_refused_naming_the_file()
    {
        using (Open())
        {
        }

        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var bump = connection.CreateCommand();
            bump.CommandText = "UPDATE outbox_meta SET value = '9' WHERE key = 'version'";
            bump.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidDataException>(() => Open());
        Assert.Contains(DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiting_for_messages_ends_at_the_next_enqueue()
    {
        using var outbox = Open();
        var waiting = outbox.WaitForMessagesAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        outbox.Enqueue("t", Bytes("a"), OutboxKind.Alert);

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(outbox.WaitForMessagesAsync(CancellationToken.None).IsCompleted); // not empty: returns at once
    }
}
