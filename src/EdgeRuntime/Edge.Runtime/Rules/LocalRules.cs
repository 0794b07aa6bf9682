using Edge.Runtime.Alerts;
using Edge.Runtime.Config;

namespace Edge.Runtime.Rules;

/// <summary>The local rules of one gateway, built from the config's thresholds and meter pairs.</summary>
public sealed class LocalRules(IReadOnlyList<IMeterRule> rules)
{
    public static LocalRules Create(RulesConfig thresholds, IReadOnlyList<MeterPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return new LocalRules(
        [
            new PulseRegisterMismatchRule(pairs, thresholds.PulseRegister),
            new ReverseEnergyRule(thresholds.ReverseEnergy),
            EventBurstRule.Tamper(thresholds.TamperBurst),
            EventBurstRule.PowerFailures(thresholds.PowerFailureBurst),
            new ZeroWithVoltageRule(thresholds.ZeroWithVoltage),
        ]);
    }

    public IReadOnlyList<IMeterRule> Rules => rules;

    /// <summary>Days of history the rules need before the run.</summary>
    public int LookbackDays => rules.Count == 0 ? 1 : rules.Max(r => r.LookbackDays);

    /// <summary>
    /// Days of raw readings the rules need before the run (at least 1). Fewer than <see cref="LookbackDays"/> by default:
    /// the pulse-register rule compares a week of daily sums, which the store upkeep has already computed.
    /// </summary>
    public int RawLookbackDays => Math.Max(1, rules.Count == 0 ? 1 : rules.Max(r => r.RawLookbackDays));

    /// <summary>
    /// Every rule's findings. A rule that throws loses only its own findings; its name and error are returned so the run
    /// can report them, and the other rules still run.
    /// </summary>
    public (IReadOnlyList<Alert> Findings, IReadOnlyList<string> Failures) Evaluate(RuleInput input)
    {
        var findings = new List<Alert>();
        var failures = new List<string>();
        foreach (var rule in rules)
        {
            try
            {
                findings.AddRange(rule.Evaluate(input));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"rule {rule.Name}: {e.Message}");
            }
        }

        return (findings, failures);
    }
}
