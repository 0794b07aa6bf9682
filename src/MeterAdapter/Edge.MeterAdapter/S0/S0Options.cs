using System.Device.Gpio;

namespace Edge.MeterAdapter.S0;

/// <summary>
/// How one S0 (IEC 62053-31) or metrology-LED pulse line is wired and filtered. Defaults fit an S0 open-collector
/// output with a pull-up: the meter's transistor pulls the line low for each impulse, so a pulse is "line low".
/// </summary>
public sealed record S0Options
{
    /// <summary>Name reported as the reading's meter id (for example "house-main-s0").</summary>
    public required string LineName { get; init; }

    /// <summary>Meter constant printed on the meter (imp/kWh), commonly 1000, 800, 2000 or 10 000 for LEDs.</summary>
    public required int ImpulsesPerKwh { get; init; }

    /// <summary>
    /// Line level during an impulse. Low for S0 with pull-up (the falling edge starts the pulse); High for a
    /// phototransistor or S0 wired to 3.3 V with a pull-down (the rising edge starts the pulse).
    /// </summary>
    public PinValue ActiveLevel { get; init; } = PinValue.Low;

    /// <summary>
    /// Shortest active time accepted as a pulse. IEC 62053-31 requires at least 30 ms; 20 ms leaves tolerance while
    /// rejecting contact bounce and spikes picked up by long unshielded wires.
    /// </summary>
    public TimeSpan MinPulseWidth { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Shortest inactive time that separates two pulses; a shorter dropout inside a pulse is bounce. Must stay below
    /// the off-time at the highest load (about 22 ms at 69 kW with 1000 imp/kWh and 30 ms pulses).
    /// </summary>
    public TimeSpan MinGap { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Longest active time still accepted as a pulse. Longer means a stuck line or an LED lit solid in anti-creep;
    /// such a stretch counts as no pulse and is reported as a fault. S0 outputs are at most 500 ms wide.
    /// </summary>
    public TimeSpan MaxPulseWidth { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Register value in Wh when counting started, so the reported total matches the meter's display.</summary>
    public long InitialEnergyWh { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(LineName, nameof(LineName));
        if (ImpulsesPerKwh <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ImpulsesPerKwh), ImpulsesPerKwh, $"S0 line '{LineName}': impulses per kWh must be positive.");
        }

        if (MinPulseWidth <= TimeSpan.Zero || MinGap <= TimeSpan.Zero || MaxPulseWidth <= MinPulseWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPulseWidth), $"S0 line '{LineName}': need 0 < MinPulseWidth < MaxPulseWidth and MinGap > 0 (got {MinPulseWidth}, {MaxPulseWidth}, {MinGap}).");
        }
    }
}
