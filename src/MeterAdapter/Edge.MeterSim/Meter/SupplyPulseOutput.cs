namespace Edge.MeterSim.Meter;

/// <summary>
/// An S0 / LED pulse output on the supply side of the meter: it pulses for the TRUE energy, one pulse per
/// 1000 / impulsesPerKwh Wh (IEC 62053-31 S0 interface), whatever a bypass does to the registers. Comparing these
/// pulses with the register is how the gateway catches a bypass. Fractions of a pulse carry over between steps, so
/// no energy is lost to rounding over a long run.
/// </summary>
public sealed class SupplyPulseOutput
{
    private readonly double _whPerPulse;
    private readonly TimeSpan _pulseWidth;
    private double _carryWh;

    public SupplyPulseOutput(int impulsesPerKwh, TimeSpan pulseWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(impulsesPerKwh);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pulseWidth, TimeSpan.Zero);
        _whPerPulse = 1000.0 / impulsesPerKwh;
        _pulseWidth = pulseWidth;
    }

    public long PulsesEmitted { get; private set; }

    /// <summary>
    /// The pulses for <paramref name="trueEnergyWh"/> used during a step of <paramref name="step"/>, as offsets from the
    /// step's start at which the line goes active and comes back idle, spread evenly over the step.
    /// Throws when the pulses would not fit (the pulse width leaves no gap at this power).
    /// </summary>
    public IReadOnlyList<(TimeSpan Active, TimeSpan Idle)> PulsesFor(double trueEnergyWh, TimeSpan step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trueEnergyWh);
        _carryWh += trueEnergyWh;
        var count = (int)Math.Floor((_carryWh / _whPerPulse) + 1e-9);
        _carryWh -= count * _whPerPulse;
        if (count == 0)
        {
            return [];
        }

        var spacing = step / count;
        if (spacing <= _pulseWidth * 2)
        {
            throw new InvalidOperationException(
                $"{count} pulses of {_pulseWidth.TotalMilliseconds} ms do not fit in {step.TotalSeconds} s; use a shorter simulation step or fewer impulses per kWh");
        }

        var pulses = new (TimeSpan, TimeSpan)[count];
        for (var i = 0; i < count; i++)
        {
            var active = spacing * i;
            pulses[i] = (active, active + _pulseWidth);
        }

        PulsesEmitted += count;
        return pulses;
    }
}
