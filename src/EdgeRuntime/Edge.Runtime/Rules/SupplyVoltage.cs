using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Rules;

/// <summary>What <see cref="ZeroWithVoltageRule"/> needs of a span of readings: whether the supply was live.</summary>
public static class SupplyVoltage
{
    /// <summary>
    /// The highest phase voltage of the readings in one pass, a phase without a voltage counting as -infinity; -infinity
    /// when there is none. NaN voltages are passed over unless all are NaN, then NaN, as <see cref="Enumerable.Max(IEnumerable{double})"/>.
    /// </summary>
    public static double Highest(IEnumerable<MeterReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var any = false;
        var highest = double.NaN;
        foreach (var reading in readings)
        {
            foreach (var phase in reading.Instant.VoltageV)
            {
                var v = phase ?? double.NegativeInfinity;
                any = true;
                if (double.IsNaN(highest) || v > highest)
                {
                    highest = v;
                }
            }
        }

        return any ? highest : double.NegativeInfinity;
    }
}
