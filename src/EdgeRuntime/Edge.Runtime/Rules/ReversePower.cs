using Edge.MeterAdapter.Readings;

namespace Edge.Runtime.Rules;

/// <summary>
/// What <see cref="ReverseEnergyRule"/> needs of a span of readings, gathered in one pass: how many readings, the first
/// and last export register, and the readings with power flowing back (how many, and the most).
/// </summary>
public readonly record struct ReversePower(int Count, int ExportCount, long FirstExportWh, long LastExportWh, int ReverseCount, double MaxReverseW)
{
    /// <summary>One pass over <paramref name="readings"/>, counting power flowing back from <paramref name="minimumW"/> up.</summary>
    public static ReversePower Over(IEnumerable<MeterReading> readings, double minimumW)
    {
        ArgumentNullException.ThrowIfNull(readings);
        int count = 0, exportCount = 0, reverseCount = 0;
        long firstExport = 0, lastExport = 0;
        var maxReverse = double.NegativeInfinity;
        foreach (var reading in readings)
        {
            count++;
            if (reading.Energy.TotalExportWh is { } export)
            {
                firstExport = exportCount == 0 ? export : firstExport;
                lastExport = export;
                exportCount++;
            }

            var reverse = WattsBack(reading);
            if (reverse >= minimumW)
            {
                reverseCount++;
                maxReverse = Math.Max(maxReverse, reverse);
            }
        }

        return new ReversePower(count, exportCount, firstExport, lastExport, reverseCount, maxReverse);
    }

    /// <summary>Power flowing from the load side back through the meter, in W (0 when none is reported).</summary>
    private static double WattsBack(MeterReading reading)
    {
        var negativeImport = reading.Instant.ImportPowerW is { } import && import < 0 ? -import : 0;
        var export = reading.Instant.ExportPowerW ?? 0;
        return Math.Max(negativeImport, export);
    }
}
