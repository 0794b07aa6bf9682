using System.Globalization;
using Edge.Runtime.Alerts;
using Edge.Runtime.Daily;

namespace Edge.Runtime.Rules;

/// <summary>
/// Reverse energy on a consumption-only meter: its export register advances, readings show power flowing back
/// (negative import power, or export power), or its import register went down (a <see cref="RegisterAnomaly"/> of the
/// daily series: no rollover, and no meter replacement declared that explains it). Swapped supply and load terminals
/// make some meters count backwards or export; a register that runs backwards is a classic tampering sign.
/// </summary>
public sealed class ReverseEnergyRule(ReverseEnergyThresholds thresholds) : IMeterRule
{
    public string Name => "reverse-energy";

    public int LookbackDays => thresholds.PeriodDays;

    /// <summary>Export register, reverse power and import-register drops of the whole period.</summary>
    public int RawLookbackDays => thresholds.PeriodDays;

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
            var seen = history.Readings.ReversePowerBetween(from, input.Now.AddTicks(1), thresholds.MinimumReversePowerW);
            var exportWh = seen.ExportCount >= 2 ? seen.LastExportWh - seen.FirstExportWh : 0;

            var backwards = history.Daily.Anomalies.Where(a => a.To >= from && a.From <= input.Now).OrderBy(a => a.To).ToList();

            // With no export register or no reverse reading there is nothing to show, whatever the minimum (0 is allowed).
            var exportFound = seen.ExportCount > 0 && exportWh >= thresholds.MinimumExportWh;
            var powerFound = seen.ReverseCount > 0 && seen.ReverseCount >= thresholds.MinimumReverseReadings;
            if (!exportFound && !powerFound && backwards.Count == 0)
            {
                continue;
            }

            var parts = new List<string>();
            if (exportFound)
            {
                parts.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"export register advanced {exportWh / 1000.0:F3} kWh ({seen.FirstExportWh} -> {seen.LastExportWh} Wh)"));
            }

            if (powerFound)
            {
                parts.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{seen.ReverseCount} of {seen.Count} readings show power flowing back (up to {seen.MaxReverseW:F0} W)"));
            }

            if (backwards.Count > 0)
            {
                parts.Add(Backwards(backwards));
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

    /// <summary>The latest drop of the import register, and how many there were.</summary>
    private static string Backwards(List<RegisterAnomaly> anomalies)
    {
        var last = anomalies[^1];
        var why = last.Kind == RegisterAnomalyKind.ReplacementMismatch
            ? "which the meter replacement declared in between does not explain (check its old final and new initial readings)"
            : "with no meter replacement declared";
        var more = anomalies.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({anomalies.Count} drops, latest shown)") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"import register went from {last.PreviousWh} Wh at {last.From:yyyy-MM-dd HH:mm} to {last.CurrentWh} Wh at {last.To:yyyy-MM-dd HH:mm} {why}{more}");
    }
}
