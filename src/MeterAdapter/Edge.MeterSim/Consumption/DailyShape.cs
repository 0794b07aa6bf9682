namespace Edge.MeterSim.Consumption;

/// <summary>
/// How a day's energy is spread over its hours: a residential load shape with a night base load, a morning peak around
/// 07:00-08:00 and an evening peak around 18:00-21:00 (the usual shape of European household load profiles such as
/// the NEDU E1A/BDEW H0 standard profiles; values here are illustrative, normalised so the weights average 1).
/// Power is linear between hourly points, so the energy integral is exact for the piecewise-linear curve.
/// </summary>
public sealed class DailyShape
{
    private static readonly double[] HouseholdWeights =
    [
        0.55, 0.48, 0.45, 0.44, 0.45, 0.52, 0.80, 1.20, 1.15, 0.95, 0.90, 0.92,
        0.98, 0.92, 0.85, 0.88, 1.05, 1.45, 1.85, 1.90, 1.70, 1.45, 1.10, 0.75,
    ];

    private readonly double[] _weights;

    public DailyShape(IReadOnlyList<double> hourlyWeights)
    {
        ArgumentNullException.ThrowIfNull(hourlyWeights);
        if (hourlyWeights.Count != 24 || hourlyWeights.Any(w => w < 0 || !double.IsFinite(w)) || hourlyWeights.Sum() <= 0)
        {
            throw new ArgumentException("A daily shape needs 24 finite, non-negative hourly weights with a positive sum.", nameof(hourlyWeights));
        }

        double mean = hourlyWeights.Average();
        _weights = hourlyWeights.Select(w => w / mean).ToArray();
    }

    public static DailyShape Household { get; } = new(HouseholdWeights);

    /// <summary>Relative power at a time of day; averages 1 over the day.</summary>
    public double Weight(TimeSpan timeOfDay)
    {
        double hours = timeOfDay.TotalHours;
        int hour = (int)Math.Floor(hours) % 24;
        double fraction = hours - Math.Floor(hours);
        return Lerp(hour, fraction);
    }

    /// <summary>Integral of the weight over [from, to] within one day, in hours (so a whole day gives 24).</summary>
    public double IntegralHours(TimeSpan from, TimeSpan to)
    {
        // The trapezoid rule per hourly segment is exact for a piecewise-linear curve.
        double a = from.TotalHours;
        double b = to.TotalHours;
        double total = 0;
        while (a < b)
        {
            int hour = (int)Math.Floor(a);
            double end = Math.Min(hour + 1, b);
            total += (Lerp(hour, a - hour) + Lerp(hour, end - hour)) / 2 * (end - a);
            a = end;
        }

        return total;
    }

    private double Lerp(int hour, double fraction)
    {
        double start = _weights[hour];
        double end = _weights[(hour + 1) % 24];
        return start + ((end - start) * fraction);
    }
}
