using Edge.Engine.Losses;
using Edge.Engine.Models;
using Edge.Engine.Optimizers;
using Edge.ModelContract.Features;
using Edge.Trainer.Data;
using Edge.Trainer.Evaluation;
using Edge.Trainer.Models;
using Edge.Trainer.Reports;

namespace Edge.Trainer.Training;

/// <summary>
/// Re-scores a finished run on a data file: the network rebuilt from the run folder (report, feature spec, weights),
/// features computed by the same pipeline, and the run's own validation threshold applied, never a new one.
/// </summary>
public static class RunEvaluation
{
    /// <summary>The trained network and what it needs, loaded from a run folder written by <see cref="TrainingRun"/>.</summary>
    public sealed record TrainedRun(TrainingReport Report, FeatureSpec Spec, TheftModel Model, Sequential Network);

    public static TrainedRun Load(string runDirectory)
    {
        var reportPath = Path.Combine(runDirectory, TrainingRun.ReportFile);
        var specPath = Path.Combine(runDirectory, TrainingRun.FeatureSpecFile);
        var weightsPath = Path.Combine(runDirectory, TrainingRun.WeightsFile);
        foreach (var path in new[] { reportPath, specPath, weightsPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path} is missing; is {runDirectory} a folder written by 'trainer train'?", path);
            }
        }

        var report = TrainingReport.FromJson(File.ReadAllText(reportPath));
        FeatureSpec spec;
        try
        {
            spec = FeatureSpecJson.Deserialize(File.ReadAllText(specPath));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{specPath}: {e.Message}", e);
        }

        var model = ModelCatalog.Get(report.Model);
        if (model.ChannelsProblem(spec.Channels) is { } problem)
        {
            throw new FormatException($"{specPath}: {problem}");
        }

        var network = model.Create();
        network.Build(model.InputShape(spec), report.Seed);
        network.Compile(new Adam(), new BinaryCrossentropy(), ["accuracy"], report.Seed);
        network.LoadWeights(weightsPath);
        return new TrainedRun(report, spec, model, network);
    }

    /// <summary>
    /// Scores the customers of <paramref name="dataset"/>: all of them, or only the run's held-out test customers
    /// (the split re-derived from the run's seed and shares) when the file is the one it was trained on.
    /// </summary>
    public static DetectionMetrics Evaluate(TrainedRun run, ConsumptionDataset dataset, bool heldOutOnly)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(dataset);
        var customers = heldOutOnly
            ? StratifiedSplit.Split(dataset.Labels, run.Report.TestShare, run.Report.ValidationShare, run.Report.Seed).Test
            : Enumerable.Range(0, dataset.Count).ToArray();
        var (features, labels) = FeatureMatrix.Build(dataset, run.Spec, customers);
        var x = new Edge.Engine.Tensors.Tensor(run.Model.InputShape(run.Spec).WithBatch(customers.Length), features);
        var scores = run.Network.Predict(x, 256).ReadOnlySpan.ToArray();
        return DetectionMetrics.Compute(scores, labels.Select(v => (int)v).ToArray(), run.Report.Test.Threshold);
    }
}
