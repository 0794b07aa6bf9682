using System.Threading.Channels;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Storage;
using Edge.Runtime.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Ingest;

public sealed class ReadingWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-writer-").FullName;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly MeterStatusBoard _board = new();
    private readonly FaultBoard _faults;
    private readonly Channel<MeterReading> _channel = Channel.CreateBounded<MeterReading>(64);

    public ReadingWriterTests() => _faults = new FaultBoard(_time);

    private string DatabasePath => Path.Combine(_dir, "gateway.db");

    /// <summary>Reading number <paramref name="n"/> of meter "m1": its import register is n Wh, which identifies it.</summary>
    private static MeterReading Reading(long n) => new()
    {
        MeterId = "m1",
        Protocol = MeterProtocol.DsmrP1,
        GatewayTime = T0.AddSeconds(n),
        Energy = new EnergyRegisters { ImportTotalWh = n },
    };

    private ReadingWriter Writer(IReadingSink sink, int maxBatch = 8, int maxPending = 1000) =>
        new(sink, _board, _faults, new PipelineHeartbeat(_time), _time, new ReadingWriterOptions { MaxBatch = maxBatch, MaxPending = maxPending });

    private static List<long> StoredRegisters(ReadingStore store) =>
        [.. store.Read("m1", T0, T0.AddDays(1)).Select(r => r.Energy.ImportTotalWh!.Value)];

    [Fact]
    public async Task Readings_are_acknowledged_only_after_their_batch_is_committed_and_a_completed_channel_is_flushed()
    {
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        var status = _board.For("m1", "dsmr");
        var writer = Writer(store);
        var acknowledgedAndStored = new List<bool>();
        writer.Acknowledged += batch => acknowledgedAndStored.Add(batch.All(r => StoredRegisters(store).Contains(r.Energy.ImportTotalWh!.Value)));
        for (var n = 1; n <= 20; n++)
        {
            _channel.Writer.TryWrite(Reading(n));
        }

        _channel.Writer.Complete();
        await writer.RunAsync(_channel.Reader, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 20).Select(n => (long)n), StoredRegisters(store));
        Assert.NotEmpty(acknowledgedAndStored);
        Assert.All(acknowledgedAndStored, Assert.True);
        Assert.Equal(20, status.Snapshot().ReadingsStored);
        Assert.Equal(T0.AddSeconds(20), status.Snapshot().LastReadingAt);
    }

    [Fact]
    public async Task A_full_disk_is_a_storage_fault_readings_are_held_and_stored_once_space_returns()
    {
        // SQLite itself refuses to grow past max_page_count with SQLITE_FULL, exactly as on a full disk.
        using var store = ReadingStore.Open(new ReadingStoreOptions { DatabasePath = DatabasePath });
        store.LimitPages(1); // never below the current size: the file may not grow any more
        var writer = Writer(store);
        var running = Task.Run(() => writer.RunAsync(_channel.Reader, CancellationToken.None));

        long next = 1;
        await Eventually.True(
            () => _faults.Has(ReadingWriter.StorageComponent),
            "the store fills up and the fault is shown",
            () => _channel.Writer.TryWrite(Reading(next++)));
        var storedWhenFull = StoredRegisters(store);
        Assert.Contains("full", _faults.Snapshot().Single().Message, StringComparison.OrdinalIgnoreCase);

        // The meters keep reading while the disk is full: more readings arrive and are held.
        var written = next - 1;
        for (var i = 0; i < 30; i++)
        {
            await _channel.Writer.WriteAsync(Reading(next++));
        }

        written = next - 1;
        Assert.True(written > storedWhenFull.Count);
        Assert.Equal("ok", store.IntegrityCheck());

        store.LimitPages(1_000_000);
        await Eventually.True(() => writer.ReadingsStored == written, "every held reading is stored after space returns", () => _time.Advance(TimeSpan.FromSeconds(1)));
        _channel.Writer.Complete();
        await running;

        Assert.False(_faults.Has(ReadingWriter.StorageComponent));
        Assert.Equal(Enumerable.Range(1, (int)written).Select(n => (long)n), StoredRegisters(store));
        Assert.Equal("ok", store.IntegrityCheck());
        Assert.Equal(0, writer.ReadingsDropped);
    }

    [Fact]
    public async Task Beyond_the_in_memory_bound_the_oldest_unsaved_readings_are_dropped_and_counted()
    {
        var sink = new SwitchableSink();
        var writer = Writer(sink, maxBatch: 4, maxPending: 10);
        sink.Failing = true;
        var running = Task.Run(() => writer.RunAsync(_channel.Reader, CancellationToken.None));
        for (var n = 1; n <= 25; n++)
        {
            await _channel.Writer.WriteAsync(Reading(n));
        }

        await Eventually.True(() => writer.ReadingsDropped == 15, "readings beyond the bound of 10 are dropped", () => _time.Advance(TimeSpan.FromSeconds(1)));
        sink.Failing = false;
        _channel.Writer.Complete();
        await Eventually.True(() => running.IsCompleted, "the writer flushes and ends", () => _time.Advance(TimeSpan.FromSeconds(1)));

        // 25 arrived, the bound is 10: the newest 10 (16..25) survive.
        Assert.Equal(Enumerable.Range(16, 10).Select(n => (long)n), sink.Stored);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class SwitchableSink : IReadingSink
    {
        public volatile bool Failing;

        public List<long> Stored { get; } = [];

        public void Append(IReadOnlyList<MeterReading> readings)
        {
            if (Failing)
            {
                throw new SqliteException("database or disk is full", 13);
            }

            Stored.AddRange(readings.Select(r => r.Energy.ImportTotalWh!.Value));
        }
    }
}
