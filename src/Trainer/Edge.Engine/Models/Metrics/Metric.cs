using Edge.Engine.Losses;
using Edge.Engine.Tensors;

namespace Edge.Engine.Models.Metrics;

/// <summary>
/// A streaming Keras metric: reset at the start of each epoch, updated per batch, read at the end. Like Keras's
/// compiled metrics, updates are weighted by the per-sample weights (class weights during fit).
/// </summary>
public abstract class Metric
{
    /// <summary>The key in the training logs and history, e.g. "accuracy" (and "val_accuracy").</summary>
    public abstract string Name { get; }

    public abstract void Reset();

    public abstract void Update(Tensor predictions, Tensor targets, ReadOnlySpan<float> sampleWeights);

    public abstract double Result();

    /// <summary>
    /// The metric for a Keras name. "accuracy" (or "acc") resolves as Keras does: categorical accuracy for a categorical
    /// crossentropy loss, binary accuracy otherwise (threshold 0.5, or 0 on logits for BCE from logits).
    /// </summary>
    public static Metric Get(string name, Loss loss) => name switch
    {
        "accuracy" or "acc" => loss switch
        {
            CategoricalCrossentropy => new CategoricalAccuracy(),
            BinaryCrossentropy { FromLogits: true } => new BinaryAccuracy(threshold: 0f),
            _ => new BinaryAccuracy(),
        },
        "binary_accuracy" => new BinaryAccuracy(),
        "categorical_accuracy" => new CategoricalAccuracy(),
        "auc" => new Auc(fromLogits: loss is BinaryCrossentropy { FromLogits: true }),
        _ => throw new ArgumentException($"Unknown metric '{name}'. Known: accuracy, binary_accuracy, categorical_accuracy, auc.", nameof(name)),
    };

    /// <summary>The weight of row <paramref name="row"/> when each sample spans <paramref name="rowsPerSample"/> rows.</summary>
    protected static float WeightOf(ReadOnlySpan<float> sampleWeights, int row, int rowsPerSample) =>
        sampleWeights.IsEmpty ? 1f : sampleWeights[row / rowsPerSample];
}
