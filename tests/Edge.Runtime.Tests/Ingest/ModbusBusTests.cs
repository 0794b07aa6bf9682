using System.Threading.Channels;
using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Modbus;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Tests.Support;

namespace Edge.Runtime.Tests.Ingest;

/// <summary>Several Modbus meters configured on one serial device: one RS-485 bus, one port, one transaction at a time.</summary>
public sealed class ModbusBusTests : IDisposable
{
    private const string BusPath = "/dev/ttyRS485";

    private readonly MeterStatusBoard _board = new();
    private readonly FaultBoard _faults = new(TimeProvider.System);
    private readonly Channel<MeterReading> _readings = Channel.CreateUnbounded<MeterReading>();
    private readonly CancellationTokenSource _stop = new();

    private static EastronSlaveSimulator Slave(byte address, double initialImportWh) =>
        new(SimulatedMeters.Honest(initialImportWh), EastronModel.Sdm120, address);

    private static MeterConfig Meter(string id, int address, double pollSeconds) => new()
    {
        Id = id, Protocol = MeterProtocolName.Modbus, Device = BusPath, ModbusAddress = address, ModbusModel = EastronModel.Sdm120,
        PollIntervalSeconds = pollSeconds,
    };

    [Fact]
    public async Task Meters_on_one_bus_take_turns_on_one_port_and_each_counts_its_own_rejects()
    {
        // Slaves 7 and 8 answer; nobody has address 9, so that meter's requests time out (1 s each, holding the bus).
        var bus = new Rs485Bus(BusPath, Slave(7, 10_000), Slave(8, 20_000));
        var hardware = new MeterHardware
        {
            SerialDevice = path => path == BusPath ? bus : throw new InvalidOperationException(path),
            GpioChip = _ => throw new InvalidOperationException("no GPIO here"),
        };
        using var sources = MeterSourceFactory.Create(
            [Meter("sdm-a", 7, 0.01), Meter("sdm-b", 8, 0.01), Meter("sdm-gone", 9, 0.01)], hardware, _board, _faults, TimeProvider.System, new Dictionary<string, long>());
        var running = sources.Sources.Select(s => s.RunAsync(_readings.Writer, _stop.Token)).ToList();

        var read = new Dictionary<string, List<long?>> { ["sdm-a"] = [], ["sdm-b"] = [] };
        await Eventually.True(
            () =>
            {
                while (_readings.Reader.TryRead(out var reading))
                {
                    read[reading.MeterId].Add(reading.Energy.TotalImportWh);
                }

                return read.Values.All(r => r.Count >= 5) && _faults.Has("meter:sdm-gone");
            },
            "five readings from each answering meter while the third has failed three times");
        await _stop.CancelAsync();
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(30));

        // The simulated registers do not move (nobody advances the meters' state): each meter's readings are its own.
        Assert.All(read["sdm-a"], wh => Assert.Equal(10_000, wh));
        Assert.All(read["sdm-b"], wh => Assert.Equal(20_000, wh));
        Assert.Equal(1, bus.Opens);
        Assert.Equal(0, bus.Collisions);
        Assert.Empty(_board.Find("sdm-a")!.Snapshot().Rejects);
        Assert.Empty(_board.Find("sdm-b")!.Snapshot().Rejects);
        Assert.Equal(["ResponseTimeout"], _board.Find("sdm-gone")!.Snapshot().Rejects.Keys);
        Assert.Equal(["meter:sdm-gone"], _faults.Snapshot().Select(f => f.Component));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>
    /// Simulated Eastron slaves on one RS-485 pair: every request reaches every slave, whose answers (only the addressed
    /// one answers) wait to be read. A request written while an answer is still unread is a collision on a real bus.
    /// </summary>
    private sealed class Rs485Bus(string name, params EastronSlaveSimulator[] slaves) : ISerialDevice
    {
        private readonly Lock _gate = new();
        private readonly Queue<byte> _pending = new();
        private readonly EastronSlaveSimulator[] _slaves = slaves;
        private int _opens;
        private int _collisions;

        public string Name => name;

        public int Opens => Volatile.Read(ref _opens);

        public int Collisions => Volatile.Read(ref _collisions);

        public bool IsPresent() => true;

        public ISerialLink Open(SerialSettings settings)
        {
            Interlocked.Increment(ref _opens);
            return new Link(this);
        }

        private sealed class Link(Rs485Bus bus) : ISerialLink
        {
            public int Read(Span<byte> buffer)
            {
                lock (bus._gate)
                {
                    var n = 0;
                    while (n < buffer.Length && bus._pending.TryDequeue(out var b))
                    {
                        buffer[n++] = b;
                    }

                    if (n > 0)
                    {
                        return n;
                    }
                }

                // A UART read waits in poll(2) for its interval; a short wait keeps the reader from spinning.
                Thread.Sleep(1);
                return 0;
            }

            public void Write(ReadOnlySpan<byte> data)
            {
                lock (bus._gate)
                {
                    if (bus._pending.Count > 0)
                    {
                        bus._collisions++;
                    }

                    foreach (var slave in bus._slaves)
                    {
                        foreach (var b in slave.Receive(data))
                        {
                            bus._pending.Enqueue(b);
                        }
                    }
                }
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
