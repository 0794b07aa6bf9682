using System.Text;
using System.Threading.Channels;
using Edge.MeterAdapter.Checksums;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Storage;

/// <summary>
/// Currents, voltage sags/swells and the long power-failure log, from the DSMR P1 5.0.2 §6.12 example telegram through
/// the decoder and the writer into the store and back. Expected values are the spec's own description of its example:
/// currents 1, 2, 3 A (1-0:31.7.0(001*A) ...); sags 2 (L1), 1 (L2), 0 (L3), sum 3, and swells 0, 3, 0, sum 3 (stored
/// per phase and summed); "Failure at 2010, December 8th, 15h20m15s, duration 240 seconds" and "15h05m03s,
/// duration 301 seconds", winter time (UTC+1), logged by their end: 15:24:15 and 15:10:04.
/// </summary>
public sealed class ElectricalValuesStoreTests : IDisposable
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);

    /// <summary>The telegram's own time is 2010-12-09 11:30:20 W; the gateway receives it a second later.</summary>
    private static readonly DateTimeOffset Received = new(2010, 12, 9, 10, 30, 21, TimeSpan.Zero);

    private static readonly LoggedPowerFailure First = new("K8EG004046395507", new DateTimeOffset(2010, 12, 8, 15, 24, 15, Winter), TimeSpan.FromSeconds(240), Received);
    private static readonly LoggedPowerFailure Second = new("K8EG004046395507", new DateTimeOffset(2010, 12, 8, 15, 10, 4, Winter), TimeSpan.FromSeconds(301), Received);

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-electrical-").FullName;
    private readonly FakeTimeProvider _time = new(Received);
    private readonly MeterStatusBoard _board = new();

    private ReadingStoreOptions Options(TimeSpan? retention = null) => new()
    {
        DatabasePath = Path.Combine(_dir, "gateway.db"),
        RawRetention = retention ?? TimeSpan.FromDays(90),
    };

    private static string SpecTelegramText() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Telegrams", "dsmr502-spec-example.txt"), Encoding.ASCII)
            .Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// The telegram with CR LF line ends and a CRC over '/' to '!' (the spec prints a CRC that does not match its
    /// text; the MeterAdapter golden tests show it). The CRC algorithm itself is checked against its catalogue value there.
    /// </summary>
    private static byte[] Wire(string text)
    {
        var body = text[..(text.IndexOf('!', StringComparison.Ordinal) + 1)].Replace("\n", "\r\n", StringComparison.Ordinal);
        var bytes = Encoding.ASCII.GetBytes(body);
        return [.. bytes, .. Encoding.ASCII.GetBytes($"{Crc16Arc.Compute(bytes):X4}\r\n")];
    }

    private static MeterReading Decode(string text, DateTimeOffset at)
    {
        var decoder = new DsmrDecoder(new DsmrOptions());
        var readings = new List<MeterReading>();
        decoder.Feed(Wire(text), at, readings);
        Assert.True(readings.Count == 1, decoder.Counters.LastReject);
        return readings[0];
    }

    /// <summary>Through the ingest path: a channel and the writer, as IngestPipeline runs them.</summary>
    private async Task IngestAsync(ReadingStore store, params MeterReading[] readings)
    {
        var channel = Channel.CreateUnbounded<MeterReading>();
        foreach (var reading in readings)
        {
            channel.Writer.TryWrite(reading);
        }

        channel.Writer.Complete();
        var writer = new ReadingWriter(store, _board, new FaultBoard(_time), new PipelineHeartbeat(_time), _time, new ReadingWriterOptions { MaxBatch = 2, MaxPending = 100 });
        await writer.RunAsync(channel.Reader, CancellationToken.None);
        Assert.Equal(readings.Length, writer.ReadingsStored);
    }

    [Fact]
    public async Task Spec_telegram_currents_sags_swells_and_failure_log_are_stored_and_the_repeated_log_is_kept_once()
    {
        var spec = SpecTelegramText();
        var status = _board.For("K8EG004046395507", "dsmr");
        using (var store = ReadingStore.Open(Options()))
        {
            // The meter repeats its log in every telegram: three telegrams, one second apart, in two batches.
            await IngestAsync(store, Decode(spec, Received), Decode(spec, Received.AddSeconds(1)), Decode(spec, Received.AddSeconds(2)));
        }

        using var reopened = ReadingStore.Open(Options());
        var back = reopened.Read("K8EG004046395507", Received, Received.AddMinutes(1));
        Assert.Equal(3, back.Count);
        Assert.All(back, r => Assert.Equal([1.0, 2.0, 3.0], r.Instant.CurrentA));
        Assert.All(back, r => Assert.Equal((3, 3), (r.Events.VoltageSags!.Value, r.Events.VoltageSwells!.Value)));
        Assert.All(back, r => Assert.Equal([2, 1, 0], r.Events.VoltageSagsByPhase));
        Assert.All(back, r => Assert.Equal([0, 3, 0], r.Events.VoltageSwellsByPhase));
        Assert.All(back, r => Assert.Equal([220.1, 220.2, 220.3], r.Instant.VoltageV));

        var log = reopened.PowerFailures(null, Received.AddDays(-2), Received);
        Assert.Equal([Second, First], log); // oldest end first; first seen with the first telegram
        Assert.Equal(Winter, log[0].EndTime.Offset);
        Assert.Equal(new DateTimeOffset(2010, 12, 8, 15, 20, 15, Winter), log[1].StartTime);

        // The writer hands the newest stored currents and sag/swell counters to the meter's status (API, page, metrics).
        Assert.Equal([1.0, 2.0, 3.0], status.Snapshot().LastCurrentA);
        Assert.Equal([2, 1, 0], status.Snapshot().LastVoltageSags);
        Assert.Equal([0, 3, 0], status.Snapshot().LastVoltageSwells);

        // And after a restart the newest stored reading gives them back (ReadingStore.Latest, restored at start).
        var restarted = new MeterStatusBoard().For("K8EG004046395507", "dsmr");
        restarted.Restore(reopened.Latest("K8EG004046395507")!);
        Assert.Equal((Received.AddSeconds(2), 0L), (restarted.Snapshot().LastReadingAt, restarted.Snapshot().ReadingsStored));
        Assert.Equal([2, 1, 0], restarted.Snapshot().LastVoltageSags);
        Assert.Equal([0, 3, 0], restarted.Snapshot().LastVoltageSwells);
    }

    [Fact]
    public async Task A_new_log_entry_is_added_beside_the_known_ones_which_keep_their_first_seen_time()
    {
        var spec = SpecTelegramText();
        // The next telegram after a third long failure, 2010-12-09 10:00:00 W for 1200 s (ends 10:20:00 W): DSMR 5.0.2
        // §6.12 syntax, newest entry first as the spec's example lists them.
        var later = spec.Replace(
            "1-0:99.97.0(2)(0-0:96.7.19)(101208152415W)(0000000240*s)(101208151004W)(0000000301*s)",
            "1-0:99.97.0(3)(0-0:96.7.19)(101209102000W)(0000001200*s)(101208152415W)(0000000240*s)(101208151004W)(0000000301*s)",
            StringComparison.Ordinal);
        Assert.NotEqual(spec, later);

        using var store = ReadingStore.Open(Options());
        await IngestAsync(store, Decode(spec, Received));
        await IngestAsync(store, Decode(later, Received.AddHours(1)));

        var third = new LoggedPowerFailure(First.MeterId, new DateTimeOffset(2010, 12, 9, 10, 20, 0, Winter), TimeSpan.FromSeconds(1200), Received.AddHours(1));
        Assert.Equal([Second, First, third], store.PowerFailures(First.MeterId, Received.AddDays(-2), Received.AddDays(1)));
        Assert.Empty(store.PowerFailures("another-meter", Received.AddDays(-2), Received.AddDays(1)));
    }

    [Fact]
    public void A_failed_batch_leaves_no_log_entry_and_the_next_batch_stores_it()
    {
        var reading = Decode(SpecTelegramText(), Received);
        using var store = ReadingStore.Open(Options());

        // The second row breaks the table's CHECK (length(meter_id) > 0) after the first row and its log were inserted.
        Assert.Throws<SqliteException>(() => store.Append([reading, reading with { MeterId = "" }]));
        Assert.Empty(store.PowerFailures(null, Received.AddDays(-2), Received));

        // The same log again: it was rolled back, so it is not "already stored".
        store.Append([reading with { GatewayTime = Received.AddSeconds(1) }]);
        Assert.Equal(2, store.PowerFailures(null, Received.AddDays(-2), Received).Count);
    }

    [Fact]
    public void Retention_deletes_log_entries_that_ended_before_the_cutoff_and_does_not_store_them_again()
    {
        var reading = Decode(SpecTelegramText(), Received);
        // Keep 1 day: at Received (2010-12-09 10:30:21Z) the cutoff is 2010-12-08 10:30:21Z, both failures (14:10:04Z
        // and 14:24:15Z) are newer. Two days later the cutoff is 2010-12-10 10:30:21Z, after both.
        using var store = ReadingStore.Open(Options(TimeSpan.FromDays(1)));
        store.Append([reading]);
        Assert.Equal(2, store.PowerFailures(null, Received.AddDays(-2), Received).Count);

        store.ApplyRetention(Received.AddDays(2));
        Assert.Empty(store.PowerFailures(null, Received.AddDays(-2), Received));

        // A fresh store (no memory of what it stored) gets the meter's unchanged log two days on: too old to keep.
        using var reopened = ReadingStore.Open(Options(TimeSpan.FromDays(1)));
        reopened.Append([reading with { GatewayTime = Received.AddDays(2) }]);
        Assert.Empty(reopened.PowerFailures(null, Received.AddDays(-2), Received.AddDays(3)));
        Assert.Equal("ok", reopened.IntegrityCheck());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
