using System.Globalization;
using Edge.Runtime.Alerts;
using Edge.Runtime.Daily;

namespace Edge.Runtime.Rules;

/// <summary>
/// Reverse energy on a consumption-only meter: its export register advances, or readings show power flowing back
/// (negative import power, or export power). Swapped supply and load terminals make some meters count backwards or export.
/// </summary>
public sealed class ReverseEnergyRule(ReverseEnergyThresholds thresholds) : IMeterRule
{
    public string Name => "reverse-energy";

    public int LookbackDays => thresholds.PeriodDays;

    public IEnumerable<Alert> Evaluate(RuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var (meterId, history) in input.Meters.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (thresholds.ExemptMeters.Contains(meterId, StringComparer.Ordinal))
            {
                continue;
            }

            var firstDay = history.Daily.LastDay.AddDays(1 - thresholds.PeriodDays);
            var from = new LocalDays(input.TimeZone).StartOf(firstDay);
            var readings = history.Readings.Where(r => r.GatewayTime >= from && r.GatewayTime <= input.Now).ToList();

            var exports = readings.Where(r => r.Energy.TotalExportWh is not null).ToList();
            var exportWh = exports.Count >= 2 ? exports[^1].Energy.TotalExportWh!.Value - exports[0].Energy.TotalExportWh!.Value : 0;
            var reverse = readings.Select(ReversePowerW).Where(w => w >= thresholds.MinimumReversePowerW).ToList();

            var exportFound = exportWh >= thresholds.MinimumExportWh;
            var powerFound = reverse.Count >= thresholds.MinimumReverseReadings;
            if (!exportFound && !powerFound)
            {
                continue;
            }

            var parts = new List<string>();
            if (exportFound)
            {
                parts.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"export register advanced {exportWh / 1000.0:F3} kWh ({exports[0].Energy.TotalExportWh} -> {exports[^1].Energy.TotalExportWh} Wh)"));
            }

            if (powerFound)
            {
                parts.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{reverse.Count} of {readings.Count} readings show power flowing back (up to {reverse.Max():F0} W)"));
            }

            yield return new Alert
            {
                MeterId = meterId,
                Kind = AlertKind.ReverseEnergy,
                RaisedAt = input.Now,
                Evidence = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{string.Join("; ", parts)} since {from:yyyy-MM-dd HH:mm} on a consumption-only meter"),
            };
        }
    }

    /// <summary>Power flowing from the load side back through the meter, in W (0 when none is reported).</summary>
    private static double ReversePowerW(MeterAdapter.Readings.MeterReading reading)
    {
        var negativeImport = reading.Instant.ImportPowerW is { } import && import < 0 ? -import : 0;
        var export = reading.Instant.ExportPowerW ?? 0;
        return Math.Max(negativeImport, export);
    }
}
