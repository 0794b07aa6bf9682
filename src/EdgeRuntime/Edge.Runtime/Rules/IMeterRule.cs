using Edge.Runtime.Alerts;

namespace Edge.Runtime.Rules;

/// <summary>A local check that needs no model: findings about meters, from their readings and daily series.</summary>
public interface IMeterRule
{
    /// <summary>Short name for the status page and logs ("pulse-register", "reverse-energy", ...).</summary>
    string Name { get; }

    /// <summary>Days of history before the run the rule looks at (the run reads at least this many).</summary>
    int LookbackDays { get; }

    /// <summary>
    /// Days before the run whose raw readings the rule reads (directly, or as the register anomalies of days built from
    /// them); 0 when the daily series is enough, whose older days the run takes from the stored daily kWh.
    /// </summary>
    int RawLookbackDays { get; }

    /// <summary>Findings of this run, <see cref="Alert.RaisedAt"/> set to <see cref="RuleInput.Now"/>; not yet stored.</summary>
    IEnumerable<Alert> Evaluate(RuleInput input);
}
