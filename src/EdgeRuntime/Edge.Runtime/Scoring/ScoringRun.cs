using Edge.Runtime.Alerts;
using Edge.Runtime.Daily;
using Edge.Runtime.Rules;

namespace Edge.Runtime.Scoring;

/// <summary>
/// One run over all meters: read their history, run the local rules, score with the active model, store the alerts.
/// The series end with yesterday (the last complete local day); today's partial day is never scored. Rules run whether
/// or not a model is installed or works.
/// </summary>
public sealed class ScoringRun(
    MeterHistoryReader histories,
    LocalRules rules,
    MeterScoring scoring,
    IModelProvider models,
    AlertStore alerts,
    ScoringOptions options,
    TimeProvider time)
{
    public ScoringRunReport Execute()
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var model = models.Active;
        var lastDay = new LocalDays(options.TimeZone).DayOf(now).AddDays(-1);
        var lookback = Math.Max(rules.LookbackDays, model?.Manifest.FeatureSpec.WindowDays ?? 1);
        var meters = histories.ReadAll(lastDay.AddDays(1 - lookback), lastDay, now, rules.RawLookbackDays);

        var input = new RuleInput(meters.ToDictionary(m => m.MeterId, StringComparer.Ordinal), now, options.TimeZone);
        var (findings, ruleFailures) = rules.Evaluate(input);
        foreach (var finding in findings)
        {
            alerts.Raise(finding);
        }

        var modelReport = scoring.Run(models, model, [.. meters.Select(m => m.Daily)], now);
        return new ScoringRunReport(now, time.GetElapsedTime(started), meters.Count, modelReport, findings.Count, ruleFailures);
    }
}
