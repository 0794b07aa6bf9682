using System.CommandLine;
using Edge.MeterAdapter.Modbus;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Hosting;
using Edge.MeterSim.Iec62056;
using Edge.MeterSim.Meter;
using Edge.MeterSim.Modbus;

namespace Edge.MeterSim.Commands;

/// <summary><c>meter-sim iec</c> and <c>meter-sim modbus</c>: meters that answer requests on a pty.</summary>
internal static class RequestResponseCommands
{
    public static Command Iec()
    {
        var options = new MeterOptions();
        var serial = new Option<string>("--serial") { Description = "Meter serial number (0.0.0 / C.1.0).", DefaultValueFactory = _ => "12345678" };
        var maxBaud = new Option<int>("--max-baud") { Description = "Fastest rate offered in the identification.", DefaultValueFactory = _ => 9600 };
        var command = new Command("iec", "Play an IEC 62056-21 mode C meter (sign-on at 300 7E1, ACK with baud switch, data block with BCC).") { serial, maxBaud };
        options.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var meter = options.CreateMeter(parse, TimeProvider.System.GetUtcNow());
            var sim = new IecMeterSimulator(meter, parse.GetValue(serial)!, parse.GetValue(maxBaud));
            var clock = new MeterClock(meter, options.SpeedOf(parse), parse.GetValue(options.Seed));
            return await Serve(SerialSettings.Iec62056Start, bytes =>
            {
                clock.CatchUp();
                IecMeterResponse response = sim.Receive(bytes.Span);
                return new MeterReply(response.Send, response.ReactionTime);
            }, cancel).ConfigureAwait(false);
        });
        return command;
    }

    public static Command Modbus()
    {
        var options = new MeterOptions();
        var model = new Option<EastronModel>("--model") { Description = "Sdm120 or Sdm630.", DefaultValueFactory = _ => EastronModel.Sdm120 };
        var address = new Option<byte>("--address") { Description = "Slave address 1-247.", DefaultValueFactory = _ => 1 };
        var command = new Command("modbus", "Play an Eastron SDM120/SDM630 Modbus RTU slave (function 04, float32 registers, CRC-16/MODBUS).") { model, address };
        options.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var meter = options.CreateMeter(parse, TimeProvider.System.GetUtcNow());
            EastronModel m = parse.GetValue(model);
            var sim = new EastronSlaveSimulator(meter, m, parse.GetValue(address));
            var clock = new MeterClock(meter, options.SpeedOf(parse), parse.GetValue(options.Seed));
            return await Serve(m == EastronModel.Sdm120 ? SerialSettings.Sdm120 : SerialSettings.Sdm630, bytes =>
            {
                clock.CatchUp();
                return MeterReply.Immediate(sim.Receive(bytes.Span));
            }, cancel).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> Serve(SerialSettings settings, Func<ReadOnlyMemory<byte>, MeterReply> meter, CancellationToken cancel)
    {
        using var pty = PseudoTerminal.Open();
        Console.WriteLine(pty.SlavePath);
        Console.Error.WriteLine($"meter-sim: connect a reader to {pty.SlavePath} at {settings}; Ctrl+C stops");
        var loop = new ResponderLoop(pty.Master, meter, TimeProvider.System);
        try
        {
            await loop.RunAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }

        return 0;
    }

    /// <summary>Runs the meter forward to "now" in accelerated meter time before each answer.</summary>
    private sealed class MeterClock(SimulatedMeterState meter, double speed, int seed)
    {
        private readonly long _started = TimeProvider.System.GetTimestamp();
        private readonly MeterEventDraw _events = new(seed);
        private TimeSpan _advanced;

        public void CatchUp()
        {
            TimeSpan due = TimeProvider.System.GetElapsedTime(_started) * speed;
            TimeSpan whole = TimeSpan.FromSeconds(Math.Floor(due.TotalSeconds));
            if (whole > _advanced)
            {
                meter.Advance(whole - _advanced);
                _events.Draw(meter, whole - _advanced);
                _advanced = whole;
            }
        }
    }
}
