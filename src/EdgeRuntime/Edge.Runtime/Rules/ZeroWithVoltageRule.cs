using System.Globalization;
using Edge.Runtime.Alerts;
using Edge.Runtime.Daily;

namespace Edge.Runtime.Rules;

/// <summary>
/// No consumption for several complete days while the meter reports a live supply: an empty dwelling draws standby
/// power, so zero with voltage present means the load is fed around the meter. Needs every one of the days known
/// (a missing day is not zero) and a voltage reading on each. Reads the readings one day at a time, and no further once a
/// day shows no live supply.
/// </summary>
public sealed class ZeroWithVoltageRule(ZeroWithVoltageThresholds thresholds) : IMeterRule
{
    public string Name => "zero-with-voltage";

    public int LookbackDays => thresholds.Days;

    /// <summary>The voltage readings of each of its days.</summary>
    public int RawLookbackDays => thresholds.Days;

    public IEnumerable<Alert> Evaluate(RuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var days = new LocalDays(input.TimeZone);
        foreach (var (meterId, history) in input.Meters.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var (first, kwh) = RuleInput.LastDays(history, thresholds.Days);
            if (kwh.Length < thresholds.Days || !AllZero(kwh.Span))
            {
                continue;
            }

            var lowestDailyMax = double.PositiveInfinity;
            for (var d = 0; d < kwh.Length && lowestDailyMax >= thresholds.MinimumVoltageV; d++)
            {
                var from = days.StartOf(first.AddDays(d));
                var to = days.StartOf(first.AddDays(d + 1));
                var dayMax = history.Readings.HighestVoltageBetween(from, to);
                lowestDailyMax = Math.Min(lowestDailyMax, dayMax);
            }

            if (lowestDailyMax < thresholds.MinimumVoltageV)
            {
                continue;
            }

            var last = first.AddDays(kwh.Length - 1);
            var total = 0.0;
            foreach (var v in kwh.Span)
            {
                total += v;
            }

            yield return new Alert
            {
                MeterId = meterId,
                Kind = AlertKind.ZeroWithVoltage,
                RaisedAt = input.Now,
                Evidence = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{total:F3} kWh over {kwh.Length} days {first:yyyy-MM-dd}..{last:yyyy-MM-dd} (at most {thresholds.MaxKwhPerDay:F3} kWh each) while supply voltage was present every day (lowest daily maximum {lowestDailyMax:F1} V, threshold {thresholds.MinimumVoltageV:F0} V)"),
            };
        }
    }

    private bool AllZero(ReadOnlySpan<float> kwh)
    {
        foreach (var v in kwh)
        {
            if (float.IsNaN(v) || v > thresholds.MaxKwhPerDay)
            {
                return false;
            }
        }

        return true;
    }
}
