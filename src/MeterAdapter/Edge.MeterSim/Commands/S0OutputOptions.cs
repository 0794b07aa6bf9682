using System.CommandLine;
using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Runtime.InteropServices;
using Edge.MeterSim.Meter;

namespace Edge.MeterSim.Commands;

/// <summary>
/// --s0-line: also pulse a real GPIO output for the meter's TRUE energy (IEC 62053-31 S0), so a gateway's S0 input
/// wired to it sees what a bypassed register does not.
/// </summary>
internal sealed class S0OutputOptions
{
    public Option<int?> Line { get; } = new("--s0-line") { Description = "GPIO line to pulse for the true energy (S0 output); none by default." };

    public Option<int> Chip { get; } = new("--s0-chip") { Description = "gpiochip number of --s0-line.", DefaultValueFactory = _ => 0 };

    public Option<int> ImpulsesPerKwh { get; } = new("--s0-impulses-per-kwh") { Description = "S0 pulse constant.", DefaultValueFactory = _ => 1000 };

    public void AddTo(Command command)
    {
        command.Options.Add(Line);
        command.Options.Add(Chip);
        command.Options.Add(ImpulsesPerKwh);
    }

    /// <summary>The player for --s0-line, or null when no line was asked for. The caller disposes the controller.</summary>
    public (S0PulsePlayer Player, GpioController Controller)? Open(ParseResult parse)
    {
        if (parse.GetValue(Line) is not { } line)
        {
            return null;
        }

        int chip = parse.GetValue(Chip);
        int impulses = parse.GetValue(ImpulsesPerKwh);
        if (impulses <= 0)
        {
            throw new ArgumentException("--s0-impulses-per-kwh must be a positive number.");
        }

        GpioController controller;
        try
        {
            controller = new GpioController(new LibGpiodDriver(chip));
            controller.OpenPin(line, PinMode.Output, PinValue.Low);
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ExternalException or InvalidOperationException or ArgumentException or DllNotFoundException)
        {
            throw new ArgumentException($"--s0-line {line} on gpiochip{chip} cannot be opened as an output: {e.Message}", e);
        }

        // S0 pulses are at least 30 ms wide (IEC 62053-31).
        var output = new SupplyPulseOutput(impulses, TimeSpan.FromMilliseconds(30));
        return (new S0PulsePlayer(output, level => controller.Write(line, level ? PinValue.High : PinValue.Low), TimeProvider.System), controller);
    }
}
