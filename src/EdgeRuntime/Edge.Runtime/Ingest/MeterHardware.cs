using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using Edge.MeterAdapter.Transport;

namespace Edge.Runtime.Ingest;

/// <summary>
/// How the gateway reaches its devices: serial device nodes and GPIO chips. The daemon uses <see cref="Linux"/>; the
/// demo and tests hand in pseudo-terminals and a simulated GPIO driver.
/// </summary>
public sealed record MeterHardware
{
    /// <summary>Real serial ports (termios on the device node) and GPIO chips (libgpiod).</summary>
    public static MeterHardware Linux { get; } = new()
    {
        SerialDevice = path => new TermiosSerialDevice(path, TimeSpan.FromMilliseconds(250)),
        GpioChip = chip => new LibGpiodDriver(chip),
    };

    /// <summary>The serial device at a configured path.</summary>
    public required Func<string, ISerialDevice> SerialDevice { get; init; }

    /// <summary>A driver for a configured GPIO chip number; one per chip, shared by its lines.</summary>
    public required Func<int, GpioDriver> GpioChip { get; init; }
}
