using Edge.MeterAdapter.Obis;

namespace Edge.MeterAdapter.Iec62056;

/// <summary>Settings of a mode C readout.</summary>
public sealed record Iec62056Options
{
    /// <summary>Device address for the sign-on request; needed only when several meters share a bus.</summary>
    public string? DeviceAddress { get; init; }

    /// <summary>Fastest rate to accept even if the meter offers more (a long optical cable may not manage 9600).</summary>
    public int MaxBaudRate { get; init; } = 19200;

    /// <summary>
    /// Wait for the first byte of an answer. The standard bounds the meter's reaction time tr at 1500 ms; 500 ms
    /// more covers USB adapter latency.
    /// </summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMilliseconds(2000);

    /// <summary>Longest pause inside a message: the standard's ta of 1500 ms plus the same margin.</summary>
    public TimeSpan InterCharacterTimeout { get; init; } = TimeSpan.FromMilliseconds(2000);

    /// <summary>Upper bound for a data message; longer means a meter that never sends ETX, or noise.</summary>
    public int MaxMessageLength { get; init; } = 16 * 1024;

    /// <summary>UTC offset of the meter's clock (0.9.1 / 0.9.2 carry none); most meters keep local standard time.</summary>
    public TimeSpan MeterClockOffset { get; init; }

    /// <summary>
    /// Where this meter type reports its tamper event count (e.g. "C.51.0"); manufacturer-specific, so none by
    /// default. The power-failure count is read from the EDIS standard code C.7.0.
    /// </summary>
    public ObisCode? TamperCounterCode { get; init; }
}
