using System.CommandLine;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Dsmr;

namespace Edge.MeterSim.Commands;

/// <summary><c>meter-sim dsmr</c>: a DSMR 5 meter pushing a telegram every second of meter time on a pty.</summary>
internal static class DsmrCommand
{
    public static Command Create()
    {
        var options = new MeterOptions();
        var s0 = new S0OutputOptions();
        var command = new Command("dsmr", "Play a DSMR 5 P1 meter (115200 8N1, one telegram per meter second, CRC-16/ARC) on a pseudo-terminal.");
        options.AddTo(command);
        s0.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var meter = options.CreateMeter(parse, TimeProvider.System.GetUtcNow());
            double speed = options.SpeedOf(parse);
            var sim = new DsmrMeterSimulator(meter, new DsmrMeterSimulatorOptions { Faults = options.ParseFaults(parse), Seed = parse.GetValue(options.Seed) });
            var pulses = s0.Open(parse);
            using var gpio = pulses?.Controller;
            using var pty = PseudoTerminal.Open();
            Console.WriteLine(pty.SlavePath);
            Console.Error.WriteLine($"meter-sim dsmr: connect a reader to {pty.SlavePath} at {SerialSettings.Dsmr5}; speed x{speed}; Ctrl+C stops");
            TimeSpan period = sim.Options.Interval / speed;
            long next = TimeProvider.System.GetTimestamp();
            while (!cancel.IsCancellationRequested)
            {
                double trueWhBefore = meter.TrueEnergyWh;
                DsmrEmission e = sim.Next();
                if (e.Sent)
                {
                    await pty.Master.WriteAsync(e.Wire, cancel).ConfigureAwait(false);
                }

                if (e.Faults.Corruption != Faults.Corruption.None || e.Unplugged || e.Faults.ClockJump != TimeSpan.Zero)
                {
                    Console.Error.WriteLine($"#{e.Sequence} {e.TrueTime:O}: {Describe(e)}");
                }

                if (pulses is { Player: var player })
                {
                    // The S0 output pulses during the step for the energy that truly flowed in it.
                    await player.PlayStepAsync(meter.TrueEnergyWh - trueWhBefore, period, cancel).ConfigureAwait(false);
                }

                next += (long)(period.TotalSeconds * TimeProvider.System.TimestampFrequency);
                TimeSpan wait = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancel).ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }

    private static string Describe(DsmrEmission e) =>
        e.Unplugged ? "unplugged, nothing sent"
        : $"{e.Faults.Corruption}{(e.Faults.GarbageBefore.Length > 0 ? $" +{e.Faults.GarbageBefore.Length} garbage bytes" : "")}{(e.Faults.ClockJump != TimeSpan.Zero ? $" clock jump {e.Faults.ClockJump}" : "")}";
}
