using System.CommandLine;
using System.Globalization;
using Edge.MeterAdapter.Transport;
using Edge.MeterSim.Dsmr;

namespace Edge.MeterSim.Commands;

/// <summary>
/// <c>meter-sim dsmr</c>: DSMR 5 meters pushing a telegram every second of meter time, each on its own pty; prints one
/// device path per meter on stdout. <c>--count</c> plays many meters from one process (gateway footprint benchmarks).
/// </summary>
internal static class DsmrCommand
{
    public static Command Create()
    {
        var options = new MeterOptions();
        var s0 = new S0OutputOptions();
        var count = new Option<int>("--count") { Description = "Number of meters, each on its own pseudo-terminal with its own equipment id and seed (seed + index).", DefaultValueFactory = _ => 1 };
        var command = new Command("dsmr", "Play DSMR 5 P1 meters (115200 8N1, one telegram per meter second, CRC-16/ARC) on pseudo-terminals.");
        options.AddTo(command);
        s0.AddTo(command);
        command.Options.Add(count);
        command.SetAction(async (parse, cancel) =>
        {
            var meters = parse.GetValue(count);
            if (meters < 1)
            {
                throw new ArgumentException($"--count must be at least 1, got {meters}.");
            }

            if (meters > 1 && parse.GetValue(s0.Line) is not null)
            {
                throw new ArgumentException("--s0-line pulses for one meter; it cannot be combined with --count.");
            }

            var start = TimeProvider.System.GetUtcNow();
            var seed = parse.GetValue(options.Seed);
            var faults = options.ParseFaults(parse);
            var sims = Enumerable.Range(0, meters)
                .Select(i => new DsmrMeterSimulator(options.CreateMeter(parse, start), new DsmrMeterSimulatorOptions
                {
                    EquipmentId = meters == 1 ? new DsmrMeterSimulatorOptions().EquipmentId : EquipmentId(i),
                    Faults = faults,
                    Seed = seed + i,
                }))
                .ToList();
            double speed = options.SpeedOf(parse);
            var pulses = s0.Open(parse);
            using var gpio = pulses?.Controller;
            using var fleet = new DsmrFleet(sims, speed, TimeProvider.System)
            {
                AfterPeriod = async (index, e, trueWh, token) =>
                {
                    if (e.Faults.Corruption != Faults.Corruption.None || e.Unplugged || e.Faults.ClockJump != TimeSpan.Zero)
                    {
                        Console.Error.WriteLine($"{sims[index].Options.EquipmentId} #{e.Sequence} {e.TrueTime:O}: {Describe(e)}");
                    }

                    if (pulses is { Player: var player })
                    {
                        // The S0 output pulses during the step for the energy that truly flowed in it.
                        await player.PlayStepAsync(trueWh, sims[index].Options.Interval / speed, token).ConfigureAwait(false);
                    }
                },
            };
            foreach (var path in fleet.SlavePaths)
            {
                Console.WriteLine(path);
            }

            Console.Error.WriteLine($"meter-sim dsmr: {meters} meter(s); connect readers to the paths above at {SerialSettings.Dsmr5}; speed x{speed}; Ctrl+C stops");
            await fleet.RunAsync(cancel).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Equipment id (0-0:96.1.1) of fleet meter <paramref name="index"/>: 17 characters like a real one.</summary>
    internal static string EquipmentId(int index) => "E00260000" + (index + 1).ToString("D8", CultureInfo.InvariantCulture);

    private static string Describe(DsmrEmission e) =>
        e.Unplugged ? "unplugged, nothing sent"
        : $"{e.Faults.Corruption}{(e.Faults.GarbageBefore.Length > 0 ? $" +{e.Faults.GarbageBefore.Length} garbage bytes" : "")}{(e.Faults.ClockJump != TimeSpan.Zero ? $" clock jump {e.Faults.ClockJump}" : "")}";
}
