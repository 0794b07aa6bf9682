using System.Text;
using System.Threading.Channels;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Tests.Checksums;
using Edge.MeterAdapter.Transport;
using Edge.Runtime.Alerts;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Ingest;

/// <summary>
/// A DSMR 5 meter whose every telegram fails its CRC (a bad cable, a tampered meter): the rejects reach the meter's
/// status board and the metrics as they happen, without any good telegram, and after 30 s of them the meter is a fault
/// until a good telegram arrives. Real source, reader, decoder, board and metrics; a fed serial device and a fake clock.
/// The telegram is the DSMR P1 5.0.2 §6.12 example with a CRC from the bit-at-a-time reference CRC-16/ARC (the spec
/// prints a CRC that does not match its text), then one bit flipped in its body.
/// </summary>
public sealed class DsmrRejectReportingTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 4, 0, 0, TimeSpan.Zero));
    private readonly MeterStatusBoard _board = new();
    private readonly FaultBoard _faults;
    private readonly Channel<MeterReading> _readings = Channel.CreateUnbounded<MeterReading>();
    private readonly CancellationTokenSource _stop = new();

    public DsmrRejectReportingTests() => _faults = new FaultBoard(_time);

    /// <summary>The spec example as sent: CR LF line ends, '/' to '!' followed by its CRC in four upper-case hex digits and CR LF (§6.2).</summary>
    private static byte[] GoodTelegram()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Storage", "Telegrams", "dsmr502-spec-example.txt"), Encoding.ASCII)
            .Replace("\r\n", "\n", StringComparison.Ordinal);
        var body = Encoding.ASCII.GetBytes(text[..(text.IndexOf('!', StringComparison.Ordinal) + 1)].Replace("\n", "\r\n", StringComparison.Ordinal));
        return [.. body, .. Encoding.ASCII.GetBytes($"{ReferenceCrc16.Arc(body):X4}\r\n")];
    }

    /// <summary>
    /// One bit error on the line: 1-0:1.8.1(123456.789*kWh) reads 123456.788 ('9' 0x39 → '8' 0x38). The line still
    /// parses; only the CRC, which covers '/' to '!', tells that it is wrong.
    /// </summary>
    private static byte[] CorruptedTelegram()
    {
        var bytes = GoodTelegram();
        var register = Encoding.ASCII.GetBytes("1-0:1.8.1(123456.789*kWh)");
        var at = bytes.AsSpan().IndexOf(register);
        Assert.True(at > 0, "the spec example has its tariff 1 import register");
        bytes[at + register.Length - "9*kWh)".Length] ^= 0x01;
        return bytes;
    }

    [Fact]
    public async Task Telegrams_that_all_fail_their_CRC_show_on_the_board_and_the_metrics_and_make_a_meter_fault_until_a_good_one()
    {
        var line = new FedSerialDevice();
        using var source = new DsmrMeterSource("house", line, SerialSettings.Dsmr5, _board, _faults, _time, TimeSpan.Zero);
        var running = source.RunAsync(_readings.Writer, _stop.Token);
        var bad = CorruptedTelegram();

        // A DSMR 5 meter sends every second; 29 bad telegrams, one per second, are not yet a fault...
        for (var second = 1; second <= 29; second++)
        {
            await line.SendAsync(bad);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(new Dictionary<string, long> { ["BadCrc"] = 29 }, _board.Find("house")!.Snapshot().Rejects);
        Assert.Contains("edge_frames_rejected_total{meter=\"house\",reason=\"bad_crc\"} 29", MetricLines());
        Assert.False(_faults.Has("meter:house"));
        Assert.Equal("connected", _board.Find("house")!.Snapshot().TransportState);

        // ...the 30th completes 30 s with bytes arriving and no valid telegram.
        await line.SendAsync(bad);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => _faults.Has("meter:house"), "the meter is a fault after 30 s without a valid telegram");
        var fault = Assert.Single(_faults.Snapshot());
        Assert.StartsWith("no valid telegram for 30 s while bytes arrive; 30 rejected since start, last BadCrc: sent ", fault.Message, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, long> { ["BadCrc"] = 30 }, _board.Find("house")!.Snapshot().Rejects);
        var metrics = MetricLines();
        Assert.Contains("edge_frames_rejected_total{meter=\"house\",reason=\"bad_crc\"} 30", metrics);
        Assert.Contains("edge_fault_active{component=\"meter:house\"} 1", metrics);
        Assert.False(_readings.Reader.TryPeek(out _), "a bad telegram became a reading");

        // The cable is fixed: the good telegram is a reading and clears the fault (before the reading is handed on);
        // the rejects counted since start stay.
        await line.SendAsync(GoodTelegram());
        var reading = await _readings.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("house", reading.MeterId);
        Assert.Equal(123_456_789L, reading.Energy.ImportTariff1Wh); // §6.12: 1-0:1.8.1(123456.789*kWh)
        Assert.False(_faults.Has("meter:house"));
        Assert.DoesNotContain(MetricLines(), l => l.StartsWith("edge_fault_active{", StringComparison.Ordinal));
        Assert.Equal(new Dictionary<string, long> { ["BadCrc"] = 30 }, _board.Find("house")!.Snapshot().Rejects);

        await _stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private string[] MetricLines()
    {
        using var text = new StringWriter();
        var faults = _faults.Snapshot();
        new GatewayMetrics().WriteTo(text, new MetricsInputs(_board.Snapshot(), null, null, 0, 0, faults.Count, new Dictionary<AlertKind, int>()) { Faults = faults });
        return text.ToString().Split('\n');
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>
    /// A P1 line the test feeds: each read hands over what was sent, as a UART read returns what arrived; with nothing
    /// sent it waits briefly and returns 0 (termios VTIME), so the reader can see cancellation. The reading loop reads
    /// again only after it has decoded the previous chunk, so a read that finds nothing left means all sent bytes were
    /// decoded: that is when <see cref="SendAsync"/> completes.
    /// </summary>
    private sealed class FedSerialDevice : ISerialDevice, ISerialLink
    {
        private readonly object _gate = new();
        private readonly Queue<byte> _bytes = new();
        private TaskCompletionSource? _decoded;

        public string Name => "fed-p1";

        public bool IsPresent() => true;

        public ISerialLink Open(SerialSettings settings) => this;

        public Task SendAsync(byte[] bytes)
        {
            var decoded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                foreach (var b in bytes)
                {
                    _bytes.Enqueue(b);
                }

                _decoded = decoded;
                Monitor.PulseAll(_gate);
            }

            return decoded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public int Read(Span<byte> buffer)
        {
            lock (_gate)
            {
                if (_bytes.Count == 0)
                {
                    _decoded?.TrySetResult();
                    _decoded = null;
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(20));
                }

                var n = 0;
                while (n < buffer.Length && _bytes.TryDequeue(out var b))
                {
                    buffer[n++] = b;
                }

                return n;
            }
        }

        public void Write(ReadOnlySpan<byte> data)
        {
        }

        public void Drain()
        {
        }

        public void Dispose()
        {
        }
    }
}
