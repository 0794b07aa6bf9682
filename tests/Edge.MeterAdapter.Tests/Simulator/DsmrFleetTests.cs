using Edge.MeterAdapter.Dsmr;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Dsmr;
using Edge.MeterSim.Meter;

namespace Edge.MeterAdapter.Tests.Simulator;

/// <summary>Many DSMR meters from one process, read back over serial ports on their pty slaves by the gateway's decoder.</summary>
public sealed class DsmrFleetTests
{
    private const int Telegrams = 300;

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Each_meter_plays_on_its_own_pty_and_an_undrained_pty_holds_up_only_its_own_meter()
    {
        string[] ids = ["E0026000000000001", "E0026000000000002", "E0026000000000003"];
        var sims = ids.Select((id, i) => new DsmrMeterSimulator(
                new SimulatedMeterState(TestMeters.FlatOneKilowatt, TheftBehaviour.Honest, TestMeters.WeekdayNoon, initialImportWh: 1_000_000),
                new DsmrMeterSimulatorOptions { EquipmentId = id, Seed = i }))
            .ToList();
        var telegramBytes = sims[0].Next().Wire.Length; // meter 0 runs one second ahead; only its bytes are used here

        // 250 meter seconds per second: a telegram every 4 ms per meter.
        using var fleet = new DsmrFleet(sims, speed: 250, TimeProvider.System);
        Assert.Equal(3, fleet.SlavePaths.Distinct().Count());

        // Meters 1 and 2 are read from the start (ports open before the meters start, so the first telegram is whole)
        // to the end; meter 0's pty is not read until the meters are stopped.
        using var stop = new CancellationTokenSource();
        using var meter1 = new PortReader(fleet.SlavePaths[1]);
        using var meter2 = new PortReader(fleet.SlavePaths[2]);
        var playing = fleet.RunAsync(stop.Token);
        var reading1 = meter1.ReadUntil(playing);
        var reading2 = meter2.ReadUntil(playing);
        await Task.WhenAll(meter1.Decoded(Telegrams), meter2.Decoded(Telegrams)).WaitAsync(Limit);

        // Stop, then drain meter 0 so its blocked write returns and its loop sees the stop.
        await stop.CancelAsync();
        using var meter0 = new PortReader(fleet.SlavePaths[0]);
        var reading0 = meter0.ReadUntil(playing);
        await playing.WaitAsync(Limit);
        await Task.WhenAll(reading0, reading1, reading2);

        Assert.All(meter1.Readings, r => Assert.Equal(ids[1], r.MeterId));
        Assert.All(meter2.Readings, r => Assert.Equal(ids[2], r.MeterId));
        Assert.Equal(0, meter1.Counters.Rejects.Total);
        Assert.Equal(0, meter2.Counters.Rejects.Total);

        // 1 kW flat: each telegram is one meter second (1000 Wh / 3600 s) after the one before.
        var firstToLast = (Telegrams - 1) * 1000.0 / 3600;
        Assert.InRange(meter1.Readings[Telegrams - 1].Energy.TotalImportWh!.Value - meter1.Readings[0].Energy.TotalImportWh!.Value, firstToLast - 1, firstToLast + 1);

        // Meter 0 stopped once the kernel's pty buffering (64 KiB of flip buffer + 4 KiB of line discipline) was full,
        // about 68 KiB / telegram size periods in, while the others went on to 300 and more.
        var meter0Periods = (sims[0].Meter.TrueTime - TestMeters.WeekdayNoon).TotalSeconds;
        Assert.True(meter0Periods < Telegrams * 2 / 3, $"meter 0 ran {meter0Periods} periods unread ({telegramBytes} bytes a telegram)");
    }

    /// <summary>A serial port on a pty slave, decoding what arrives with the gateway's DSMR decoder (CRC required).</summary>
    private sealed class PortReader : IDisposable
    {
        private readonly ISerialLink _port;
        private readonly DsmrDecoder _decoder = new(new DsmrOptions { RequireCrc = true });
        private readonly List<MeterReading> _readings = [];
        private readonly TaskCompletionSource _decoded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _wanted = int.MaxValue;

        public PortReader(string path)
        {
            _port = new TermiosSerialDevice(path, TimeSpan.FromMilliseconds(100)).Open(SerialSettings.Dsmr5);
        }

        /// <summary>What was decoded; read it once <see cref="ReadUntil"/> has finished.</summary>
        public IReadOnlyList<MeterReading> Readings => _readings;

        public DsmrCounters Counters => _decoder.Counters;

        /// <summary>Completes once <paramref name="count"/> readings are decoded (call before <see cref="ReadUntil"/>).</summary>
        public Task Decoded(int count)
        {
            Volatile.Write(ref _wanted, count);
            return _decoded.Task;
        }

        /// <summary>Reads and decodes on a thread of its own until <paramref name="until"/> completes.</summary>
        public Task ReadUntil(Task until) => Task.Run(() =>
        {
            var buffer = new byte[4096];
            while (!until.IsCompleted)
            {
                // 0 when nothing came within 100 ms: look at `until` and read on.
                var n = _port.Read(buffer);
                _decoder.Feed(buffer.AsSpan(0, n), DateTimeOffset.UtcNow, _readings);

                if (_readings.Count >= Volatile.Read(ref _wanted))
                {
                    _decoded.TrySetResult();
                }
            }
        });

        public void Dispose() => _port.Dispose();
    }
}
