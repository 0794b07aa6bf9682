namespace Edge.Runtime.Scoring;

/// <summary>The model part of a scoring run.</summary>
/// <param name="ModelLabel">"model-id@version" of the model used; null when none is installed.</param>
/// <param name="Meters">One entry per meter, scored or not (with the reason).</param>
/// <param name="AlertsRaised">Model-score findings stored (new or folded into an open alert).</param>
/// <param name="Failure">Null when the model worked; otherwise why its scores were not used.</param>
public sealed record ModelRunReport(string? ModelLabel, IReadOnlyList<MeterScore> Meters, int AlertsRaised, string? Failure)
{
    public int MetersScored => Meters.Count(m => m.Score is not null);
}
