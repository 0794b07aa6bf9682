using System.Globalization;
using Edge.MeterSim.Consumption;

namespace Edge.Gateway.Demo;

/// <summary>
/// One household's daily kWh from the demo's SGCC-layout file (CONS_NO, FLAG, one column per day), re-dated so its
/// last day is the demo's live day. Empty cells stay missing (NaN): the gateway must see them as unread days.
/// </summary>
internal sealed class DemoHousehold
{
    private DemoHousehold(DateOnly firstDay, double[] dailyKwh)
    {
        FirstDay = firstDay;
        DailyKwh = dailyKwh;
        // The simulator needs energy for every day; an unread day still had consumption, here the household's mean.
        var mean = dailyKwh.Where(double.IsFinite).DefaultIfEmpty(0).Average();
        Profile = new DailyEnergyProfile(firstDay, [.. dailyKwh.Select(k => double.IsFinite(k) ? k : mean)], DailyShape.Household);
    }

    public DateOnly FirstDay { get; }

    /// <summary>kWh per day from <see cref="FirstDay"/>; NaN where the file has no reading.</summary>
    public IReadOnlyList<double> DailyKwh { get; }

    /// <summary>The same days with gaps filled, spread over each day by the household shape, for the simulator.</summary>
    public DailyEnergyProfile Profile { get; }

    public static DemoHousehold Read(TextReader csv, string source, string customer, DateOnly lastDay)
    {
        ArgumentNullException.ThrowIfNull(csv);
        _ = csv.ReadLine() ?? throw new InvalidDataException($"{source}: empty; expected the header CONS_NO, FLAG, dates.");
        var lineNumber = 1;
        while (csv.ReadLine() is { } line)
        {
            lineNumber++;
            var cells = line.Split(',');
            if (cells[0] != customer)
            {
                continue;
            }

            var kwh = new double[cells.Length - 2];
            for (var i = 0; i < kwh.Length; i++)
            {
                var cell = cells[i + 2];
                if (cell.Length == 0)
                {
                    kwh[i] = double.NaN;
                }
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out kwh[i]) || kwh[i] < 0)
                {
                    throw new InvalidDataException($"{source}:{lineNumber}, column {i + 3}: '{cell}' is not a kWh figure.");
                }
            }

            return new DemoHousehold(lastDay.AddDays(1 - kwh.Length), kwh);
        }

        throw new InvalidDataException($"{source}: no household {customer}.");
    }
}
