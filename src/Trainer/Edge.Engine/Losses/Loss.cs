using Edge.Engine.Tensors;

namespace Edge.Engine.Losses;

/// <summary>
/// A Keras loss with reduction "sum_over_batch_size". Each concrete loss reduces one row of the last axis to a number
/// (and writes that row's gradient beside it); this class weights rows by their sample's weight and divides the sum by
/// the number of rows, as Keras does (the divisor is the row count, not the sum of weights). For predictions of shape
/// (batch, units) that is the batch size; for (batch, steps, units) it is batch × steps.
/// </summary>
public abstract class Loss
{
    /// <summary>Keras's name, e.g. "binary_crossentropy".</summary>
    public abstract string KerasName { get; }

    /// <summary>
    /// The mean loss over the batch. When <paramref name="gradient"/> is given it receives dLoss/dPredictions
    /// (resized to the predictions' shape). <paramref name="sampleWeights"/> is empty or holds one weight per sample
    /// (e.g. from class_weight).
    /// </summary>
    public double Compute(Tensor predictions, Tensor targets, ReadOnlySpan<float> sampleWeights = default, Tensor? gradient = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.Length != targets.Length || predictions.Shape[0] != targets.Shape[0])
        {
            throw new ArgumentException(
                $"Loss '{KerasName}': targets of shape {targets.Shape} do not match predictions of shape {predictions.Shape}.", nameof(targets));
        }

        var batch = predictions.Shape[0];
        if (!sampleWeights.IsEmpty && sampleWeights.Length != batch)
        {
            throw new ArgumentException($"Loss '{KerasName}': {sampleWeights.Length} sample weights for a batch of {batch}.", nameof(sampleWeights));
        }

        var rowLength = predictions.Shape.Rank == 1 ? 1 : predictions.Shape[-1];
        var rows = predictions.Length / rowLength;
        var rowsPerSample = rows / batch;
        var p = predictions.ReadOnlySpan;
        var t = targets.ReadOnlySpan;
        Span<float> g = default;
        if (gradient is not null)
        {
            gradient.Resize(predictions.Shape);
            g = gradient.Span;
        }

        double total = 0;
        for (var r = 0; r < rows; r++)
        {
            double weight = sampleWeights.IsEmpty ? 1.0 : sampleWeights[r / rowsPerSample];
            var offset = r * rowLength;
            var rowGradient = g.IsEmpty ? g : g.Slice(offset, rowLength);
            total += weight * RowLoss(p.Slice(offset, rowLength), t.Slice(offset, rowLength), rowGradient, weight / rows);
        }

        return total / rows;
    }

    /// <summary>
    /// One row's loss; when <paramref name="gradient"/> is not empty, writes <paramref name="gradientScale"/> times the
    /// row loss's derivative with respect to each prediction.
    /// </summary>
    protected abstract double RowLoss(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, double gradientScale);

    /// <summary>The loss for a Keras name, as compile(loss="...") accepts.</summary>
    public static Loss Get(string kerasName) => kerasName switch
    {
        "mse" or "mean_squared_error" => new MeanSquaredError(),
        "binary_crossentropy" => new BinaryCrossentropy(),
        "categorical_crossentropy" => new CategoricalCrossentropy(),
        _ => throw new ArgumentException(
            $"Unknown loss '{kerasName}'. Known: mean_squared_error (mse), binary_crossentropy, categorical_crossentropy; " +
            "for logits use new BinaryCrossentropy(fromLogits: true).", nameof(kerasName)),
    };

    public override string ToString() => KerasName;
}
