using System.Globalization;
using Edge.Runtime.Alerts;

namespace Edge.Runtime.Rules;

/// <summary>
/// Bypass: the S0 pulse output on the supply side counts more energy than the register meter it feeds advanced. Compares
/// the sums over the days both series know; the register meter is the one flagged.
/// </summary>
public sealed class PulseRegisterMismatchRule(IReadOnlyList<MeterPair> pairs, PulseRegisterThresholds thresholds) : IMeterRule
{
    public string Name => "pulse-register";

    public int LookbackDays => thresholds.PeriodDays;

    /// <summary>Daily sums only.</summary>
    public int RawLookbackDays => 0;

    public IEnumerable<Alert> Evaluate(RuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var pair in pairs)
        {
            if (!input.Meters.TryGetValue(pair.PulseMeterId, out var pulse) || !input.Meters.TryGetValue(pair.RegisterMeterId, out var register))
            {
                continue;
            }

            var (first, pulseKwh) = RuleInput.LastDays(pulse, thresholds.PeriodDays);
            var (registerFirst, registerKwh) = RuleInput.LastDays(register, thresholds.PeriodDays);
            if (first != registerFirst || pulseKwh.Length != registerKwh.Length)
            {
                continue; // both series are built for the same days by the run; anything else is not comparable
            }

            double pulseSum = 0, registerSum = 0;
            var both = 0;
            for (var d = 0; d < pulseKwh.Length; d++)
            {
                var p = pulseKwh.Span[d];
                var r = registerKwh.Span[d];
                if (!float.IsNaN(p) && !float.IsNaN(r))
                {
                    pulseSum += p;
                    registerSum += r;
                    both++;
                }
            }

            var missing = pulseSum - registerSum;
            var tolerance = Math.Max(thresholds.MinimumKwh, thresholds.ToleranceFraction * pulseSum);
            if (both == 0 || missing <= tolerance)
            {
                continue;
            }

            var last = first.AddDays(pulseKwh.Length - 1);
            yield return new Alert
            {
                MeterId = pair.RegisterMeterId,
                Kind = AlertKind.PulseRegisterMismatch,
                RaisedAt = input.Now,
                Evidence = string.Create(
                    CultureInfo.InvariantCulture,
                    $"S0 pulses ({pair.PulseMeterId}) counted {pulseSum:F2} kWh but the register advanced {registerSum:F2} kWh {Period(first, last, both)}: {missing:F2} kWh ({100 * missing / pulseSum:F0}%) not registered, tolerance {tolerance:F2} kWh"),
            };
        }
    }

    private static string Period(DateOnly first, DateOnly last, int knownDays) => first == last
        ? string.Create(CultureInfo.InvariantCulture, $"on {first:yyyy-MM-dd}")
        : string.Create(CultureInfo.InvariantCulture, $"over {first:yyyy-MM-dd}..{last:yyyy-MM-dd} ({knownDays} days both known)");
}
