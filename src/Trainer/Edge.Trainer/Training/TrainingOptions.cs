using Edge.ModelContract.Features;
using Edge.Trainer.Data;

namespace Edge.Trainer.Training;

/// <summary>Everything a training run depends on; the same options and data give the same report.</summary>
public sealed record TrainingOptions
{
    public required string DataFile { get; init; }

    public required string ModelName { get; init; }

    /// <summary>Folder for the report, plots, weights and feature spec.</summary>
    public required string OutputDirectory { get; init; }

    public CleaningPolicy Cleaning { get; init; } = CleaningPolicy.Zheng2018;

    /// <summary>Days the model scores; null takes the model's default.</summary>
    public int? WindowDays { get; init; }

    /// <summary>Values per day the model reads; null takes the model's default.</summary>
    public FeatureChannels? Channels { get; init; }

    /// <summary>Null takes the model's default (the seed's epochs for the seed models).</summary>
    public int? Epochs { get; init; }

    public int? BatchSize { get; init; }

    /// <summary>
    /// Train each epoch on only this many batches (Keras's steps_per_epoch), to bound a run of a very large model;
    /// null is a full pass. The report marks such a run as partial.
    /// </summary>
    public int? StepsPerEpoch { get; init; }

    /// <summary>Seed of the split (the seed notebook's random_state=42) and of weight initialisation and shuffling.</summary>
    public ulong Seed { get; init; } = StratifiedSplit.DefaultSeed;

    public double TestShare { get; init; } = StratifiedSplit.DefaultTestShare;

    public double ValidationShare { get; init; } = StratifiedSplit.DefaultValidationShare;

    /// <summary>Weight classes to balance inside the training part (theft is rare); never resampled before the split.</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Epochs without validation-loss improvement before stopping; the best weights are restored.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Null: threshold maximising F1 on validation; else the lowest threshold reaching this precision.</summary>
    public double? TargetPrecision { get; init; }

    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Also fit the logistic-regression baseline on the same features.</summary>
    public bool Baseline { get; init; } = true;
}
