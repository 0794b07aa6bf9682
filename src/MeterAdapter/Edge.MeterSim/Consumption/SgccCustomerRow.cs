using System.Globalization;

namespace Edge.MeterSim.Consumption;

/// <summary>
/// Reads one customer's daily kWh from an SGCC-format CSV (State Grid Corporation of China data set layout: header
/// <c>CONS_NO</c> or <c>CUSTOMER</c>, <c>FLAG</c>, then one column per date such as <c>2014/1/1</c>; one row per
/// customer). Deliberately minimal: the simulator needs one row, so it streams lines until it finds it. The Trainer
/// has the full reader (sorting, gap handling, validation of the whole file). Date columns may be in any order; empty
/// cells (missing days) become 0 kWh, which a meter would show as a day without consumption.
/// </summary>
public static class SgccCustomerRow
{
    private static readonly string[] DateFormats = ["yyyy/M/d", "yyyy-MM-dd", "yyyy/MM/dd", "yyyy-M-d"];

    public static DailyEnergyProfile Read(string path, string customerId, DailyShape shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        using var reader = new StreamReader(path);
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty; expected a header line.");
        string[] columns = header.Split(',');
        string first = columns[0].Trim().Trim('"');
        if (columns.Length < 3 || !(first.Equals("CONS_NO", StringComparison.OrdinalIgnoreCase) || first.Equals("CUSTOMER", StringComparison.OrdinalIgnoreCase))
            || !columns[1].Trim().Trim('"').Equals("FLAG", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}:1: expected the header CONS_NO (or CUSTOMER), FLAG, then date columns.");
        }

        var dates = new DateOnly[columns.Length - 2];
        for (int c = 2; c < columns.Length; c++)
        {
            string text = columns[c].Trim().Trim('"');
            if (!DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out dates[c - 2]))
            {
                throw new InvalidDataException($"{path}:1, column {c + 1}: '{text}' is not a date (expected e.g. 2014/1/1).");
            }
        }

        int lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            int comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !line.AsSpan(0, comma).Trim().Trim('"').SequenceEqual(customerId))
            {
                continue;
            }

            return FromRow(path, lineNumber, line.Split(','), dates, shape);
        }

        throw new InvalidDataException($"{path}: customer '{customerId}' not found in column CONS_NO.");
    }

    private static DailyEnergyProfile FromRow(string path, int lineNumber, string[] cells, DateOnly[] dates, DailyShape shape)
    {
        if (cells.Length != dates.Length + 2)
        {
            throw new InvalidDataException($"{path}:{lineNumber}: {cells.Length} cells, the header has {dates.Length + 2}.");
        }

        var byDate = new SortedDictionary<DateOnly, double>();
        for (int i = 0; i < dates.Length; i++)
        {
            string text = cells[i + 2].Trim().Trim('"');
            double kwh = 0;
            if (text.Length > 0 && !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out kwh) && double.IsFinite(kwh) && kwh >= 0))
            {
                throw new InvalidDataException($"{path}:{lineNumber}, column {i + 3} ({dates[i]:yyyy-MM-dd}): '{text}' is not a kWh value >= 0.");
            }

            byDate[dates[i]] = kwh;
        }

        // Fill calendar gaps between the first and last date with 0 so that day indices are dates.
        DateOnly firstDay = byDate.Keys.First();
        DateOnly lastDay = byDate.Keys.Last();
        var series = new double[lastDay.DayNumber - firstDay.DayNumber + 1];
        foreach ((DateOnly day, double kwh) in byDate)
        {
            series[day.DayNumber - firstDay.DayNumber] = kwh;
        }

        return new DailyEnergyProfile(firstDay, series, shape);
    }
}
