namespace Edge.Runtime.Scoring;

/// <summary>One run of rules and model over all meters, as the page, the API and the metrics show it.</summary>
/// <param name="StartedAt">Gateway time the run started.</param>
/// <param name="Duration">Wall time of the run (reading the store, rules, features, ORT, storing alerts).</param>
/// <param name="Meters">Meters with readings in the run's history.</param>
/// <param name="RuleAlerts">Rule findings stored.</param>
/// <param name="RuleFailures">Rules that threw, with their error; the others still ran.</param>
public sealed record ScoringRunReport(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Meters,
    ModelRunReport Model,
    int RuleAlerts,
    IReadOnlyList<string> RuleFailures);
