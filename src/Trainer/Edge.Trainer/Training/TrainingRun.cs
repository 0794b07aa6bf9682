using System.Diagnostics;
using Edge.Engine.Losses;
using Edge.Engine.Models;
using Edge.Engine.Models.Callbacks;
using Edge.Engine.Optimizers;
using Edge.ModelContract.Features;
using Edge.ModelContract.IO;
using Edge.Trainer.Baselines;
using Edge.Trainer.Data;
using Edge.Trainer.Evaluation;
using Edge.Trainer.Models;
using Edge.Trainer.Reports;

namespace Edge.Trainer.Training;

/// <summary>The trained network, the data it was judged on, its test scores, and the report, as left in the output folder.</summary>
public sealed record TrainingOutcome(Sequential Network, PreparedData Data, float[] TestScores, TrainingReport Report, string ReportDirectory);

/// <summary>
/// One honest training run: split by customer, features fitted on the training part only, class weights inside the
/// training part, early stopping and the threshold on validation, and the test part touched only to report.
/// </summary>
public static class TrainingRun
{
    public const string ReportFile = "report.json";
    public const string WeightsFile = "model.weights";
    public const string FeatureSpecFile = "feature-spec.json";
    public const string TestScoresFile = "test-scores.csv";

    public static TrainingOutcome Run(TrainingOptions options, ITrainingProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= SilentProgress.Instance;
        var model = ModelCatalog.Get(options.ModelName);

        progress.Stage($"reading {options.DataFile}");
        var dataset = SgccCsvReader.Read(options.DataFile).Dataset;
        return Run(dataset, options, model, progress);
    }

    public static TrainingOutcome Run(ConsumptionDataset dataset, TrainingOptions options, TheftModel model, ITrainingProgress progress)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(progress);

        progress.Stage("building features");
        var data = PreparedData.Prepare(dataset, model, options);
        var epochs = options.Epochs ?? model.DefaultEpochs;
        var batchSize = options.BatchSize ?? model.DefaultBatchSize;

        var network = model.Create();
        network.Build(data.InputShape, options.Seed);
        network.Compile(new Adam(options.LearningRate), new BinaryCrossentropy(), ["accuracy"], options.Seed);
        progress.Message(network.Summary());

        var before = network.Evaluate(data.Test.X, data.Test.Y, batchSize);
        progress.Message($"Test accuracy before training: {before["accuracy"]:F4} (loss {before.Loss:F4})");

        progress.Stage("training");
        var batchesPerEpoch = (data.Train.Count + batchSize - 1) / batchSize;
        var stepsPerEpoch = Math.Min(batchesPerEpoch, options.StepsPerEpoch ?? int.MaxValue);
        if (stepsPerEpoch < batchesPerEpoch)
        {
            progress.Message($"Partial epochs: {stepsPerEpoch} of {batchesPerEpoch} batches each (--steps-per-epoch).");
        }

        var batchClock = new BatchClock();
        var stopwatch = Stopwatch.StartNew();
        var history = network.Fit(
            data.Train.X, data.Train.Y, epochs, batchSize,
            validationData: (data.Validation.X, data.Validation.Y),
            classWeight: options.BalanceClasses ? BalancedClassWeights(data.Train) : null,
            callbacks:
            [
                new EarlyStopping("val_loss", patience: options.Patience, restoreBestWeights: true),
                batchClock,
                new LambdaCallback(
                    onBatchEnd: p => progress.Batch(p),
                    onEpochEnd: (epoch, logs) => progress.EpochEnd(epoch, epochs, logs)),
            ],
            stepsPerEpoch: stepsPerEpoch);
        var secondsPerEpoch = stopwatch.Elapsed.TotalSeconds / Math.Max(1, history.Epochs.Count);

        progress.Stage("evaluating");
        var after = network.Evaluate(data.Test.X, data.Test.Y, batchSize);
        progress.Message($"Test accuracy after training: {after["accuracy"]:F4} (loss {after.Loss:F4})");
        var validationScores = Scores(network, data.Validation, batchSize);
        var validationLabels = data.Validation.IntLabels();
        var threshold = ChooseThreshold(validationScores, validationLabels, options.TargetPrecision);
        var testScores = Scores(network, data.Test, batchSize);

        DetectionMetrics? baseline = null;
        if (options.Baseline)
        {
            progress.Stage("fitting the logistic-regression baseline");
            baseline = FitBaseline(data, options.TargetPrecision);
        }

        var report = new TrainingReport
        {
            Model = model.Name,
            DataFile = options.DataFile,
            Seed = options.Seed,
            CleaningPolicy = data.Spec.Cleaning.ToString(),
            WindowDays = data.Spec.WindowDays,
            Channels = FeatureChannelSet.Format(data.Spec.Channels),
            Split = new SplitSizes(
                data.Train.Count, Thieves(data.Train), data.Validation.Count, Thieves(data.Validation), data.Test.Count, Thieves(data.Test)),
            TestShare = options.TestShare,
            ValidationShare = options.ValidationShare,
            Parameters = network.ParameterCount,
            MacsPerCustomer = network.ForwardMacsPerSample,
            EpochsRun = history.Epochs.Count,
            SecondsPerEpoch = secondsPerEpoch,
            BatchSize = batchSize,
            BatchesPerEpoch = batchesPerEpoch,
            TrainedBatchesPerEpoch = stepsPerEpoch,
            SecondsPerBatch = batchClock.WallSecondsPerBatch,
            CpuSecondsPerBatch = batchClock.CpuSecondsPerBatch,
            PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            History = history.Values.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)kv.Value),
            TestBeforeTraining = new LossAndAccuracy(before.Loss, before["accuracy"]),
            TestAfterTraining = new LossAndAccuracy(after.Loss, after["accuracy"]),
            ThresholdRule = options.TargetPrecision is { } p ? $"precision>={p:0.###}" : "max-f1",
            Validation = DetectionMetrics.Compute(validationScores, validationLabels, threshold),
            Test = DetectionMetrics.Compute(testScores, data.Test.IntLabels(), threshold),
            Baseline = baseline,
        };

        progress.Stage($"writing the report to {options.OutputDirectory}");
        WriteOutputs(options.OutputDirectory, report, network, data.Spec, testScores, data.Test.IntLabels());
        WriteTestScores(Path.Combine(options.OutputDirectory, TestScoresFile), dataset, data.Test, testScores, threshold);
        return new TrainingOutcome(network, data, testScores, report, options.OutputDirectory);
    }

    /// <summary>scikit-learn's "balanced" weights over the training part: n / (2 * n_class).</summary>
    public static IReadOnlyDictionary<int, double> BalancedClassWeights(PreparedPart train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var thieves = Thieves(train);
        var normal = train.Count - thieves;
        return new Dictionary<int, double>
        {
            [0] = normal == 0 ? 1 : train.Count / (2.0 * normal),
            [1] = thieves == 0 ? 1 : train.Count / (2.0 * thieves),
        };
    }

    public static float[] Scores(Sequential network, PreparedPart part, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(part);
        return part.Count == 0 ? [] : network.Predict(part.X, batchSize).ReadOnlySpan.ToArray();
    }

    private static float ChooseThreshold(float[] scores, int[] labels, double? targetPrecision) =>
        targetPrecision is { } p ? ThresholdSelection.ForPrecision(scores, labels, p) : ThresholdSelection.MaxF1(scores, labels);

    private static DetectionMetrics FitBaseline(PreparedData data, double? targetPrecision)
    {
        var length = data.Train.FeatureLength;
        var regression = new LogisticRegression();
        regression.Fit(data.Train.FlatFeatures, data.Train.IntLabels(), length);
        var validationLabels = data.Validation.IntLabels();
        var threshold = ChooseThreshold(regression.Predict(data.Validation.FlatFeatures), validationLabels, targetPrecision);
        return DetectionMetrics.Compute(regression.Predict(data.Test.FlatFeatures), data.Test.IntLabels(), threshold);
    }

    private static int Thieves(PreparedPart part) => part.IntLabels().Sum();

    /// <summary>One line per test customer, highest score first: the list a utility would send technicians down.</summary>
    private static void WriteTestScores(string path, ConsumptionDataset dataset, PreparedPart test, float[] scores, float threshold)
    {
        var lines = new System.Text.StringBuilder("row,customer,flag,score,flagged\n");
        foreach (var i in Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]))
        {
            var row = test.Customers[i];
            lines.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"{row},{dataset.CustomerIds[row]},{(int)test.Y[i]},{scores[i]:R},{(scores[i] >= threshold ? 1 : 0)}\n");
        }

        AtomicFile.WriteAllText(path, lines.ToString());
    }

    private static void WriteOutputs(string directory, TrainingReport report, Sequential network, FeatureSpec spec, float[] testScores, int[] testLabels)
    {
        Directory.CreateDirectory(directory);
        network.SaveWeights(Path.Combine(directory, WeightsFile));
        AtomicFile.WriteAllText(Path.Combine(directory, FeatureSpecFile), FeatureSpecJson.Serialize(spec));

        var figures = new List<(string Caption, byte[] Png, string File)>();
        if (report.History.TryGetValue("accuracy", out var accuracy))
        {
            figures.Add(("Model accuracy", ReportPlots.EpochCurve("Model Accuracy", "Accuracy", accuracy, report.History.GetValueOrDefault("val_accuracy")), "accuracy.png"));
        }

        if (report.History.TryGetValue("loss", out var loss))
        {
            figures.Add(("Model loss", ReportPlots.EpochCurve("Model Loss", "Loss", loss, report.History.GetValueOrDefault("val_loss")), "loss.png"));
        }

        figures.Add(("ROC curve", ReportPlots.Roc(Curves.Roc(testScores, testLabels), report.Test.RocAuc), "roc.png"));
        var thiefShare = testLabels.Length == 0 ? 0 : testLabels.Average();
        figures.Add(("Precision-recall curve", ReportPlots.PrecisionRecall(Curves.PrecisionRecall(testScores, testLabels), report.Test.PrAuc, thiefShare), "pr.png"));
        foreach (var (_, png, file) in figures)
        {
            ReportPlots.Save(Path.Combine(directory, file), png);
        }

        AtomicFile.WriteAllText(Path.Combine(directory, "report.html"), HtmlReport.Render(report, figures.Select(f => (f.Caption, f.Png)).ToList()));
        AtomicFile.WriteAllText(Path.Combine(directory, ReportFile), report.ToJson());
    }
}
