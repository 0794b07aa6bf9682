using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Trainer.Evaluation;

namespace Edge.Trainer.Reports;

/// <summary>The JSON report of one training run: enough to reproduce it and to judge it honestly.</summary>
public sealed record TrainingReport
{
    public required string Model { get; init; }

    public required string DataFile { get; init; }

    public required ulong Seed { get; init; }

    public required string CleaningPolicy { get; init; }

    /// <summary>Days of consumption the model scores.</summary>
    public required int WindowDays { get; init; }

    /// <summary>The feature channels per day (feature spec), e.g. "kwh, missing-day"; reports before them read "kwh".</summary>
    public string Channels { get; init; } = "kwh";

    public required SplitSizes Split { get; init; }

    /// <summary>Shares of customers held out for test and validation, so the split can be re-derived with the seed.</summary>
    public double TestShare { get; init; } = 0.3;

    public double ValidationShare { get; init; } = 0.1;

    public required long Parameters { get; init; }

    /// <summary>Multiply-accumulates per scored customer: the cost side of ROC-AUC per kFLOP.</summary>
    public required long MacsPerCustomer { get; init; }

    public required int EpochsRun { get; init; }

    /// <summary>Wall seconds per epoch, its validation pass included.</summary>
    public required double SecondsPerEpoch { get; init; }

    public int BatchSize { get; init; }

    /// <summary>Batches in one full pass over the training part.</summary>
    public int BatchesPerEpoch { get; init; }

    /// <summary>Batches each epoch actually trained on: fewer than <see cref="BatchesPerEpoch"/> when the run was bounded.</summary>
    public int TrainedBatchesPerEpoch { get; init; }

    /// <summary>True when each epoch saw only part of the training data (trainer train --steps-per-epoch).</summary>
    public bool PartialEpochs => TrainedBatchesPerEpoch < BatchesPerEpoch;

    /// <summary>Wall seconds per training batch (forward, backward, optimizer step), validation left out.</summary>
    public double SecondsPerBatch { get; init; }

    /// <summary>This process's CPU seconds per training batch, all threads: the cost without waiting for a core.</summary>
    public double CpuSecondsPerBatch { get; init; }

    public required long PeakWorkingSetBytes { get; init; }

    /// <summary>Keras-style history: "loss", "accuracy", "val_loss", "val_accuracy" ... one value per epoch.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<double>> History { get; init; }

    /// <summary>The seed's before-training evaluation on the test part (loss and accuracy of the untrained model).</summary>
    public required LossAndAccuracy TestBeforeTraining { get; init; }

    public required LossAndAccuracy TestAfterTraining { get; init; }

    /// <summary>How the threshold was chosen on validation data: "max-f1" or "precision>=0.90".</summary>
    public required string ThresholdRule { get; init; }

    public required DetectionMetrics Validation { get; init; }

    public required DetectionMetrics Test { get; init; }

    /// <summary>Logistic regression on the same features, same split, threshold chosen the same way.</summary>
    public DetectionMetrics? Baseline { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, TrainingReportJsonContext.Default.TrainingReport);

    public static TrainingReport FromJson(string json) =>
        JsonSerializer.Deserialize(json, TrainingReportJsonContext.Default.TrainingReport)
        ?? throw new JsonException("The report file is empty.");
}

public sealed record SplitSizes(int Train, int TrainThieves, int Validation, int ValidationThieves, int Test, int TestThieves);

public sealed record LossAndAccuracy(double Loss, double Accuracy);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(TrainingReport))]
internal sealed partial class TrainingReportJsonContext : JsonSerializerContext;
