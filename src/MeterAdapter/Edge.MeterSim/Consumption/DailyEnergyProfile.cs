namespace Edge.MeterSim.Consumption;

/// <summary>
/// A household given by kWh per day (a fixed figure, or one customer's row of an SGCC-format file), spread over each
/// day with a <see cref="DailyShape"/>. Days outside the series repeat it cyclically, so a simulation can run longer
/// than the data.
/// </summary>
public sealed class DailyEnergyProfile : IConsumptionProfile
{
    private readonly DateOnly _firstDay;
    private readonly double[] _dailyKwh;
    private readonly DailyShape _shape;

    public DailyEnergyProfile(DateOnly firstDay, IReadOnlyList<double> dailyKwh, DailyShape shape)
    {
        ArgumentNullException.ThrowIfNull(dailyKwh);
        ArgumentNullException.ThrowIfNull(shape);
        if (dailyKwh.Count == 0)
        {
            throw new ArgumentException("At least one day of consumption is needed.", nameof(dailyKwh));
        }

        int bad = dailyKwh.ToList().FindIndex(v => v < 0 || !double.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"Day {firstDay.AddDays(bad):yyyy-MM-dd} has consumption {dailyKwh[bad]}; expected a finite value >= 0.", nameof(dailyKwh));
        }

        _firstDay = firstDay;
        _dailyKwh = [.. dailyKwh];
        _shape = shape;
    }

    /// <summary>The built-in household: the same kWh every day.</summary>
    public static DailyEnergyProfile Constant(double kwhPerDay, DateOnly firstDay) => new(firstDay, [kwhPerDay], DailyShape.Household);

    public DateOnly FirstDay => _firstDay;

    public int Days => _dailyKwh.Length;

    public double KwhOn(DateOnly day)
    {
        int index = day.DayNumber - _firstDay.DayNumber;
        int wrapped = ((index % _dailyKwh.Length) + _dailyKwh.Length) % _dailyKwh.Length;
        return _dailyKwh[wrapped];
    }

    public double EnergyWh(DateTime from, DateTime to)
    {
        if (to <= from)
        {
            return 0;
        }

        double total = 0;
        DateTime cursor = from;
        while (cursor < to)
        {
            DateTime midnight = cursor.Date.AddDays(1);
            DateTime end = to < midnight ? to : midnight;
            TimeSpan startOfDay = cursor - cursor.Date;
            TimeSpan endOfDay = end - cursor.Date;
            // A day's weights integrate to 24 h, so kWh/24 h × integral gives that share of the day's energy.
            total += KwhOn(DateOnly.FromDateTime(cursor)) * 1000.0 / 24.0 * _shape.IntegralHours(startOfDay, endOfDay);
            cursor = end;
        }

        return total;
    }
}
