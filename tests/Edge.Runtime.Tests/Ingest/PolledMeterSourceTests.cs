using System.Threading.Channels;
using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Readings;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Hosting;
using Edge.MeterSim.Iec62056;
using Edge.MeterSim.Modbus;
using Edge.Runtime.Config;
using Edge.Runtime.Health;
using Edge.Runtime.Ingest;
using Edge.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Edge.Runtime.Tests.Ingest;

/// <summary>
/// Polled meters (IEC 62056-21, Modbus RTU) read on reading threads of their own: readings arrive over a real pty from
/// the simulated meters, the readout never runs on a thread-pool worker, the schedule follows the injected clock, and
/// stopping ends the thread even while a readout waits on a silent line.
/// </summary>
public sealed class PolledMeterSourceTests : IDisposable
{
    private readonly MeterStatusBoard _board = new();
    private readonly FaultBoard _faults = new(TimeProvider.System);
    private readonly Channel<MeterReading> _readings = Channel.CreateUnbounded<MeterReading>();
    private readonly CancellationTokenSource _stop = new();

    private static MeterHardware Ptys { get; } = new()
    {
        SerialDevice = path => new TermiosSerialDevice(path, TimeSpan.FromMilliseconds(20)),
        GpioChip = _ => throw new InvalidOperationException("no GPIO in these tests"),
    };

    [Fact]
    public async Task An_IEC_62056_21_meter_is_polled_over_a_pty_on_its_own_thread_until_stopped()
    {
        var state = SimulatedMeters.Honest(initialImportWh: 1_234_000);
        state.Advance(TimeSpan.FromHours(2)); // +2000 Wh at 1 kW
        var meter = new IecMeterSimulator(state, "12345678", maxBaudRate: 9600);
        var config = new MeterConfig { Id = "iec-pty", Protocol = MeterProtocolName.Iec62056, PollIntervalSeconds = 0.05 };

        var reading = await PollOverPtyAsync(config, bytes =>
        {
            var response = meter.Receive(bytes.Span);
            return new MeterReply(response.Send, response.ReactionTime);
        });

        Assert.Equal(MeterProtocol.Iec62056ModeC, reading.Protocol);
        Assert.Equal(1_236_000, reading.Energy.TotalImportWh);
        Assert.True(meter.Readouts >= 1);
    }

    [Fact]
    public async Task A_Modbus_meter_is_polled_over_a_pty_on_its_own_thread_until_stopped()
    {
        var state = SimulatedMeters.Honest(initialImportWh: 10_000);
        state.Advance(TimeSpan.FromHours(1)); // +1000 Wh at 1 kW
        var slave = new EastronSlaveSimulator(state, EastronModel.Sdm120, slaveAddress: 7, voltage: 230.0);
        var config = new MeterConfig
        {
            Id = "sdm-pty", Protocol = MeterProtocolName.Modbus, ModbusAddress = 7, ModbusModel = EastronModel.Sdm120, PollIntervalSeconds = 0.05,
        };

        var reading = await PollOverPtyAsync(config, bytes => MeterReply.Immediate(slave.Receive(bytes.Span)));

        Assert.Equal(MeterProtocol.ModbusSdm, reading.Protocol);
        Assert.Equal(11_000, reading.Energy.TotalImportWh);
        Assert.Equal(230.0, reading.Instant.VoltageV[0]!.Value, 3);
        Assert.Equal(0, slave.CrcErrors);
    }

    [Fact]
    public async Task Readouts_run_on_the_meters_named_thread_one_poll_interval_apart_on_the_injected_clock()
    {
        var time = new FakeTimeProvider(SimulatedMeters.WeekdayNoon);
        var interval = TimeSpan.FromMinutes(10);
        var readouts = new List<(DateTimeOffset At, Thread Thread, bool Pool, string? Name)>();
        using var source = FakeSource("house", time, interval, ct =>
        {
            lock (readouts)
            {
                var thread = Thread.CurrentThread;
                readouts.Add((time.GetUtcNow(), thread, thread.IsThreadPoolThread, thread.Name));
            }

            return Reading(time.GetUtcNow());
        });
        var running = source.RunAsync(_readings.Writer, _stop.Token);

        var first = await _readings.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        // One minute per step: the second readout may only come once ten have passed on the fake clock.
        await Eventually.True(() => _readings.Reader.TryRead(out _), "the second readout", () => time.Advance(TimeSpan.FromMinutes(1)));
        await _stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("house", first.MeterId);
        Assert.Equal(2, readouts.Count);
        Assert.Equal(SimulatedMeters.WeekdayNoon, readouts[0].At);
        Assert.True(readouts[1].At >= SimulatedMeters.WeekdayNoon + interval, $"second readout at {readouts[1].At}, before one interval passed");
        Assert.All(readouts, r => Assert.False(r.Pool));
        Assert.All(readouts, r => Assert.Equal("poll house", r.Name));
        Assert.Equal(source.ThreadName, readouts[0].Name);
        var thread = readouts[0].Thread;
        Assert.Same(thread, readouts[1].Thread);
        // Stopped while waiting for the next poll: the thread ends.
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the reading thread ended");
        Assert.False(thread.IsAlive);
    }

    [Fact]
    public async Task Three_failed_readouts_in_a_row_are_a_meter_fault_that_a_good_readout_clears()
    {
        var time = new FakeTimeProvider(SimulatedMeters.WeekdayNoon);
        var answers = new Queue<bool>([false, false, false, true]);
        using var source = FakeSource("house", time, TimeSpan.FromSeconds(10), _ =>
        {
            lock (answers)
            {
                return answers.Count > 0 && !answers.Dequeue() ? null : Reading(time.GetUtcNow());
            }
        });
        var running = source.RunAsync(_readings.Writer, _stop.Token);

        await Eventually.True(() => _faults.Has("meter:house"), "three failed readouts make a fault", () => time.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal("3 readouts in a row failed", _faults.Snapshot().Single().Message);
        await Eventually.True(() => _readings.Reader.TryRead(out _), "the fourth readout succeeds", () => time.Advance(TimeSpan.FromSeconds(1)));
        await Eventually.True(() => !_faults.Has("meter:house"), "the good readout clears the fault");

        await _stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Stopping_ends_a_readout_that_waits_on_a_silent_line_and_its_thread()
    {
        using var pty = PseudoTerminal.Open();
        // A frozen fake clock: the reader's response timeout never passes, so only cancellation can end this readout.
        var time = new FakeTimeProvider(SimulatedMeters.WeekdayNoon);
        var config = new MeterConfig { Id = "iec-silent", Protocol = MeterProtocolName.Iec62056, Device = pty.SlavePath };
        using var sources = MeterSourceFactory.Create([config], Ptys, _board, _faults, time, new Dictionary<string, long>());
        var running = sources.Sources[0].RunAsync(_readings.Writer, _stop.Token);

        // The sign-on request "/?!" CR LF reaches the meter's side: the readout now waits for an identification.
        var received = new List<byte>();
        var buffer = new byte[64];
        while (!received.Contains((byte)'\n'))
        {
            var read = await pty.Master.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            received.AddRange(buffer.AsSpan(0, read));
        }

        Assert.Equal("/?!\r\n"u8.ToArray(), received);
        Assert.True(ThreadRuns("poll iec-silent"));
        await _stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(() => !ThreadRuns("poll iec-silent"), "the reading thread ends");
        Assert.False(_readings.Reader.TryRead(out _));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="config"/> through the gateway's factory against a simulated meter on a pty until the first
    /// reading, checking the meter's named reading thread is alive while it polls and gone once stopped.
    /// </summary>
    private async Task<MeterReading> PollOverPtyAsync(MeterConfig config, Func<ReadOnlyMemory<byte>, MeterReply> meter)
    {
        using var pty = PseudoTerminal.Open();
        var threadName = "poll " + config.Id;
        var responder = new ResponderLoop(pty.Master, meter, TimeProvider.System);
        var playing = Task.Run(() => responder.RunAsync(CancellationToken.None));
        MeterReading reading;
        using (var sources = MeterSourceFactory.Create([config with { Device = pty.SlavePath }], Ptys, _board, _faults, TimeProvider.System, new Dictionary<string, long>()))
        {
            var running = sources.Sources[0].RunAsync(_readings.Writer, _stop.Token);
            reading = await _readings.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(ThreadRuns(threadName), $"a thread named '{threadName}' runs while the meter is polled");

            await _stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(30));
            await Eventually.True(() => !ThreadRuns(threadName), "the reading thread ends once stopped");
        }

        pty.CloseSlave();
        await playing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(config.Id, reading.MeterId);
        return reading;
    }

    private PolledMeterSource FakeSource(string meterId, TimeProvider time, TimeSpan interval, Func<CancellationToken, MeterReading?> readout)
    {
        // The readout is scripted; the transport only feeds the fault reporter and is never opened.
        var transport = new SerialTransport(new TermiosSerialDevice("/dev/null-meter", TimeSpan.FromMilliseconds(20)), SerialSettings.Sdm120, new SerialTransportOptions(), time);
        return new PolledMeterSource(
            meterId, "modbus", transport, ct => ValueTask.FromResult(readout(ct)), () => [], interval, _board, _faults, time);
    }

    private static MeterReading Reading(DateTimeOffset at) => new()
    {
        MeterId = "sdm@1",
        Protocol = MeterProtocol.ModbusSdm,
        GatewayTime = at,
        Energy = new EnergyRegisters { ImportTotalWh = 1000 },
    };

    /// <summary>Whether this process has a thread of that name (Linux shows managed thread names in /proc/self/task/*/comm).</summary>
    private static bool ThreadRuns(string name) => Directory.EnumerateDirectories("/proc/self/task").Any(task =>
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == name;
        }
        catch (IOException)
        {
            return false; // the thread ended between listing and reading
        }
    });
}
