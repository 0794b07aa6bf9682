using System.Threading.Channels;
using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Tests.Support;

namespace Edge.Runtime.Tests.Ingest;

/// <summary>DSMR ports on real pseudo-terminals (and one simulated device), on the real clock with short windows.</summary>
public sealed class DsmrMeterSourceTests : IDisposable
{
    private static readonly SerialTransportOptions FastWatchdog = new()
    {
        SilenceWindow = TimeSpan.FromMilliseconds(500),
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-dsmr-").FullName;
    private readonly MeterStatusBoard _board = new();
    private readonly FaultBoard _faults = new(TimeProvider.System);
    private readonly Channel<MeterReading> _readings = Channel.CreateUnbounded<MeterReading>();
    private readonly CancellationTokenSource _stop = new();

    private static byte[] Telegram(DsmrVersion version, long importWh) => DsmrTelegramWriter.Write(
        new MeterReading
        {
            MeterId = "E0044007316160217",
            Protocol = MeterProtocol.DsmrP1,
            GatewayTime = DateTimeOffset.UtcNow,
            MeterTime = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(1)),
            Energy = new EnergyRegisters { ImportTariff1Wh = importWh, ImportTariff2Wh = 1000, ExportTariff1Wh = 0, ExportTariff2Wh = 0, ActiveTariff = 2 },
        },
        version);

    [Fact]
    public async Task Framing_is_detected_on_the_live_port_and_readings_carry_the_configured_id()
    {
        // This device delivers telegrams only at 9600 7E1 (DSMR 2.2); other framings read as noise, as on a real UART.
        var device = new FramingSensitiveDevice(SerialSettings.Dsmr2, Telegram(DsmrVersion.V2_2, 5000));
        using var source = new DsmrMeterSource("house", device, null, _board, _faults, TimeProvider.System, TimeSpan.FromMilliseconds(200), FastWatchdog);
        var running = source.RunAsync(_readings.Writer, _stop.Token);

        var reading = await _readings.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("house", reading.MeterId);
        Assert.Equal(6000, reading.Energy.TotalImportWh);
        Assert.Equal(SerialSettings.Dsmr2, device.LastOpenedWith);
        Assert.Equal("9600 7E1 detected, no CRC (DSMR 2.2/3)", _board.Find("house")!.Snapshot().Framing);
        await _stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_vanishing_device_is_a_meter_fault_until_it_comes_back()
    {
        using var pty = PseudoTerminal.Open();
        var link = Path.Combine(_dir, "ttyP1"); // like /dev/serial/by-id/...: a symlink that udev removes on unplug
        File.CreateSymbolicLink(link, pty.SlavePath);
        var sending = true;
        var meter = Task.Run(async () =>
        {
            long wh = 10_000;
            while (!_stop.IsCancellationRequested)
            {
                if (Volatile.Read(ref sending))
                {
                    await pty.Master.WriteAsync(Telegram(DsmrVersion.V5, wh++));
                    await pty.Master.FlushAsync();
                }

                await Task.Delay(50);
            }
        });
        using var source = new DsmrMeterSource(
            "house", new TermiosSerialDevice(link, TimeSpan.FromMilliseconds(50)), SerialSettings.Dsmr5, _board, _faults, TimeProvider.System, TimeSpan.Zero, FastWatchdog);
        var running = source.RunAsync(_readings.Writer, _stop.Token);
        await _readings.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        // Unplugged: the meter falls silent and the device node disappears.
        Volatile.Write(ref sending, false);
        File.Delete(link);
        // The silence is reported first ("no byte for ..."), then, a moment later, the missing node that the reopen finds.
        await Eventually.True(
            () => _faults.Snapshot().Any(f => f.Component == "meter:house" && f.Message.Contains("does not exist", StringComparison.Ordinal)),
            "the vanished device is reported");
        Assert.Single(_faults.Snapshot());
        Assert.Equal("device-missing", _board.Find("house")!.Snapshot().TransportState);

        // Plugged back in.
        File.CreateSymbolicLink(link, pty.SlavePath);
        Volatile.Write(ref sending, true);
        while (_readings.Reader.TryRead(out _))
        {
        }

        await _readings.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(() => !_faults.Has("meter:house"), "the fault clears once readings flow again");
        Assert.Equal("connected", _board.Find("house")!.Snapshot().TransportState);

        await _stop.CancelAsync();
        await running;
        await meter;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A serial device whose meter speaks one framing: other framings deliver bytes with bit errors.</summary>
    private sealed class FramingSensitiveDevice(SerialSettings meterFraming, byte[] telegram) : ISerialDevice
    {
        public SerialSettings? LastOpenedWith { get; private set; }

        public string Name => "sim-p1";

        public bool IsPresent() => true;

        public ISerialLink Open(SerialSettings settings)
        {
            LastOpenedWith = settings;
            return new Link(settings == meterFraming ? telegram : [.. telegram.Select(b => (byte)(b ^ 0x55))]);
        }

        private sealed class Link(byte[] bytes) : ISerialLink
        {
            public int Read(Span<byte> buffer)
            {
                // A UART read blocks until bytes arrive; one telegram per read, paced like a 10-second meter sped up.
                Thread.Sleep(20);
                var n = Math.Min(buffer.Length, bytes.Length);
                bytes.AsSpan(0, n).CopyTo(buffer);
                return n;
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
}
