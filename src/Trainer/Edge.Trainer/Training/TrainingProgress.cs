using Edge.Engine.Models.Callbacks;

namespace Edge.Trainer.Training;

/// <summary>What a long training run tells its caller as it goes (the CLI draws it; tests ignore it).</summary>
public interface ITrainingProgress
{
    /// <summary>A stage begins: "reading data", "building features", "training", "evaluating" ...</summary>
    void Stage(string description);

    void Batch(in BatchProgress progress);

    void EpochEnd(int epoch, int epochs, IReadOnlyDictionary<string, double> logs);

    /// <summary>A line worth printing as is (e.g. the model summary or the before-training evaluation).</summary>
    void Message(string text);
}

/// <summary>Progress that goes nowhere.</summary>
public sealed class SilentProgress : ITrainingProgress
{
    public static readonly SilentProgress Instance = new();

    public void Stage(string description)
    {
    }

    public void Batch(in BatchProgress progress)
    {
    }

    public void EpochEnd(int epoch, int epochs, IReadOnlyDictionary<string, double> logs)
    {
    }

    public void Message(string text)
    {
    }
}
