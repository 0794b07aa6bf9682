namespace Edge.MeterSim.Meter;

/// <summary>
/// Draws the tamper and power-failure events a <see cref="TheftBehaviour"/> asks for, step by step, from a seeded
/// generator, so a simulated meter's event counters grow at the configured hourly rates whatever protocol reports them.
/// A step's chance of an event is rate × step length, so steps must be short against 1 / rate (one event per step at most).
/// </summary>
public sealed class MeterEventDraw(int seed)
{
    private readonly Random _random = new(unchecked((seed * 7919) + 17));

    /// <summary>Records on <paramref name="meter"/> the events of a step of <paramref name="step"/>.</summary>
    public void Draw(SimulatedMeterState meter, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(meter);
        double hours = step.TotalHours;
        TheftBehaviour theft = meter.Theft;
        if (theft.PowerFailuresPerHour > 0 && _random.NextDouble() < theft.PowerFailuresPerHour * hours)
        {
            // One in four failures lasts 3 minutes or more (counted as long, DSMR 0-0:96.7.9).
            meter.RecordPowerFailure(isLong: _random.Next(4) == 0);
        }

        if (theft.TamperPerHour > 0 && _random.NextDouble() < theft.TamperPerHour * hours)
        {
            meter.RecordTamper();
        }
    }
}
