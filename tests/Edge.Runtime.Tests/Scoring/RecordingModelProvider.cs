using Edge.Runtime.Scoring;

namespace Edge.Runtime.Tests.Scoring;

/// <summary>Model delivery as scoring sees it: a settable active model and the outcomes reported to it.</summary>
internal sealed class RecordingModelProvider : IModelProvider
{
    public ScoringModel? Active { get; set; }

    public List<(string Model, ModelRunOutcome Outcome)> Outcomes { get; } = [];

    public void ReportOutcome(ScoringModel model, ModelRunOutcome outcome) => Outcomes.Add((model.Label, outcome));
}
