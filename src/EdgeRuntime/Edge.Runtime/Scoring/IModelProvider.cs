namespace Edge.Runtime.Scoring;

/// <summary>How a scoring run went for the model that did it; model delivery uses it to roll back a bad model.</summary>
/// <param name="MetersScored">Meters that got a finite score.</param>
/// <param name="AlertsRaised">Model-score alerts this run raised.</param>
/// <param name="Failure">Null when the run worked; otherwise why it did not (an exception's message, "NaN score for meter X").</param>
public sealed record ModelRunOutcome(int MetersScored, int AlertsRaised, string? Failure);

/// <summary>
/// Where scoring gets the model to use and tells how it went. Implemented by model delivery (Models/), which
/// activates verified bundles and rolls back to the previous one when the active model fails at run time.
/// </summary>
public interface IModelProvider
{
    /// <summary>The model to score with now; null when no model is installed (local rules still run).</summary>
    ScoringModel? Active { get; }

    /// <summary>
    /// Days of daily history the models this provider may score with need: the longest feature window of the active
    /// model and of any kept to fall back to; 0 with none. Store upkeep never deletes daily values these need.
    /// </summary>
    int WindowDaysNeeded => Active?.Manifest.FeatureSpec.WindowDays ?? 0;

    /// <summary>Reports one scoring run of <paramref name="model"/>.</summary>
    void ReportOutcome(ScoringModel model, ModelRunOutcome outcome);
}
