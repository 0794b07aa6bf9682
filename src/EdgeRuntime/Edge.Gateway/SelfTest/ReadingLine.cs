using System.Globalization;
using Edge.MeterAdapter.Readings;

namespace Edge.Gateway.SelfTest;

/// <summary>
/// One reading as one line of <c>key=value</c> fields, the same on every platform, so two self-test outputs can be
/// compared with diff. The gateway's receive time is left out: it belongs to the run, not to the telegram.
/// Absent values are "-"; per-phase values are joined with '/'; numbers use the invariant culture and at most six
/// decimals, which hides the last-bit noise of decimal-to-binary conversion without hiding a wrong register.
/// </summary>
public static class ReadingLine
{
    public static string Format(MeterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var e = reading.Energy;
        var i = reading.Instant;
        var v = reading.Events;
        return string.Join(' ',
            $"meter={reading.MeterId}",
            $"protocol={reading.Protocol}",
            $"meter_time={(reading.MeterTime is { } t ? t.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) : "-")}",
            $"import_t1_wh={Number(e.ImportTariff1Wh)}",
            $"import_t2_wh={Number(e.ImportTariff2Wh)}",
            $"export_t1_wh={Number(e.ExportTariff1Wh)}",
            $"export_t2_wh={Number(e.ExportTariff2Wh)}",
            $"import_total_wh={Number(e.TotalImportWh)}",
            $"export_total_wh={Number(e.TotalExportWh)}",
            $"tariff={Number(e.ActiveTariff)}",
            $"import_w={Number(i.ImportPowerW)}",
            $"export_w={Number(i.ExportPowerW)}",
            $"voltage_v={PerPhase(i.VoltageV)}",
            $"current_a={PerPhase(i.CurrentA)}",
            $"power_failures={Number(v.PowerFailures)}",
            $"long_power_failures={Number(v.LongPowerFailures)}",
            $"tamper_events={Number(v.TamperEvents)}",
            $"quality={reading.Quality.ToString().Replace(", ", "+", StringComparison.Ordinal)}");
    }

    private static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Number(double? value) => value?.ToString("0.######", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>Phases in order; phases after the last one reported are left out ([230, null, null] is "230").</summary>
    private static string PerPhase(IReadOnlyList<double?> values)
    {
        var count = values.Count;
        while (count > 0 && values[count - 1] is null)
        {
            count--;
        }

        return count == 0 ? "-" : string.Join('/', values.Take(count).Select(Number));
    }
}
