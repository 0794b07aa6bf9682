using System.Globalization;
using Edge.MeterAdapter.Readings;
using Edge.Runtime.Rules;

namespace Edge.Runtime.Tests.Rules;

/// <summary>
/// The rules that read raw readings, written the straightforward way over a list of all of a meter's readings (as they
/// were before they streamed), as evidence text per meter: the independent reference the streamed rules must equal.
/// Readings in the time zone UTC; no register anomalies in the daily series.
/// </summary>
internal static class ListRuleReference
{
    public static List<(string Meter, string Evidence)> ReverseEnergy(
        IReadOnlyDictionary<string, MeterReading[]> meters, RuleInput input, ReverseEnergyThresholds t)
    {
        var found = new List<(string, string)>();
        foreach (var (id, all) in meters.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (t.ExemptMeters.Contains(id))
            {
                continue;
            }

            var firstDay = input.Meters[id].Daily.LastDay.AddDays(1 - t.PeriodDays);
            var from = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var span = Ordered(all).Where(r => r.GatewayTime >= from && r.GatewayTime <= input.Now).ToList();
            var exports = span.Select(r => r.Energy.TotalExportWh).OfType<long>().ToList();
            var exportWh = exports.Count >= 2 ? exports[^1] - exports[0] : 0;
            var back = span.Select(r => Math.Max(r.Instant.ImportPowerW < 0 ? -r.Instant.ImportPowerW.Value : 0, r.Instant.ExportPowerW ?? 0))
                .Where(w => w >= t.MinimumReversePowerW)
                .ToList();

            var parts = new List<string>();
            if (exports.Count > 0 && exportWh >= t.MinimumExportWh)
            {
                parts.Add(Text($"export register advanced {exportWh / 1000.0:F3} kWh ({exports[0]} -> {exports[^1]} Wh)"));
            }

            if (back.Count > 0 && back.Count >= t.MinimumReverseReadings)
            {
                parts.Add(Text($"{back.Count} of {span.Count} readings show power flowing back (up to {back.Max():F0} W)"));
            }

            if (parts.Count > 0)
            {
                found.Add((id, Text($"{string.Join("; ", parts)} since {from:yyyy-MM-dd HH:mm} on a consumption-only meter")));
            }
        }

        return found;
    }

    public static List<(string Meter, string Evidence)> EventBurst(
        IReadOnlyDictionary<string, MeterReading[]> meters, RuleInput input, string name, Func<MeterEvents, int?> counter, EventBurstThresholds t)
    {
        var found = new List<(string, string)>();
        var windowStart = input.Now - TimeSpan.FromHours(t.WindowHours);
        foreach (var (id, all) in meters.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var counted = Ordered(all)
                .Where(r => r.GatewayTime <= input.Now && counter(r.Events) is not null)
                .Select(r => (Time: r.GatewayTime, Count: counter(r.Events)!.Value))
                .ToList();
            if (counted.Count < 2)
            {
                continue;
            }

            var baseline = Math.Max(0, counted.FindLastIndex(c => c.Time < windowStart));
            var events = 0;
            for (var i = baseline + 1; i < counted.Count; i++)
            {
                events += Math.Max(0, counted[i].Count - counted[i - 1].Count);
            }

            if (events >= t.MinimumEvents)
            {
                found.Add((id, Text(
                    $"{name} counter rose by {events} in the {t.WindowHours:0.#} h before {input.Now:yyyy-MM-dd HH:mm} ({counted[baseline].Count} at {counted[baseline].Time:yyyy-MM-dd HH:mm}, {counted[^1].Count} at {counted[^1].Time:yyyy-MM-dd HH:mm}); threshold {t.MinimumEvents}")));
            }
        }

        return found;
    }

    public static List<(string Meter, string Evidence)> ZeroWithVoltage(
        IReadOnlyDictionary<string, MeterReading[]> meters, RuleInput input, ZeroWithVoltageThresholds t)
    {
        var found = new List<(string, string)>();
        foreach (var (id, all) in meters.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var daily = input.Meters[id].Daily;
            if (daily.Kwh.Length < t.Days || daily.Kwh[^t.Days..].Any(v => float.IsNaN(v) || v > t.MaxKwhPerDay))
            {
                continue;
            }

            var first = daily.LastDay.AddDays(1 - t.Days);
            var maxima = Enumerable.Range(0, t.Days).Select(d =>
            {
                var from = new DateTimeOffset(first.AddDays(d).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                return all.Where(r => r.GatewayTime >= from && r.GatewayTime < from.AddDays(1))
                    .SelectMany(r => r.Instant.VoltageV)
                    .Select(v => v ?? double.NegativeInfinity)
                    .DefaultIfEmpty(double.NegativeInfinity)
                    .Max();
            }).ToList();

            // The lowest daily maximum up to the first day under the threshold (NaN ends it too, as a comparison fails).
            var lowest = double.PositiveInfinity;
            foreach (var max in maxima)
            {
                lowest = Math.Min(lowest, max);
                if (!(lowest >= t.MinimumVoltageV))
                {
                    break;
                }
            }

            if (!(lowest < t.MinimumVoltageV))
            {
                var total = daily.Kwh[^t.Days..].Sum(v => (double)v);
                found.Add((id, Text(
                    $"{total:F3} kWh over {t.Days} days {first:yyyy-MM-dd}..{daily.LastDay:yyyy-MM-dd} (at most {t.MaxKwhPerDay:F3} kWh each) while supply voltage was present every day (lowest daily maximum {lowest:F1} V, threshold {t.MinimumVoltageV:F0} V)")));
            }
        }

        return found;
    }

    /// <summary>By gateway time, equal times in the order given (the store's order by time, then insertion).</summary>
    private static IEnumerable<MeterReading> Ordered(MeterReading[] readings) => readings.OrderBy(r => r.GatewayTime);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
