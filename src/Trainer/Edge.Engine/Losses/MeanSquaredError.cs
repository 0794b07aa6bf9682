namespace Edge.Engine.Losses;

/// <summary>Keras's mean_squared_error: per row, mean over the last axis of (p − t)²; d/dp = 2 (p − t) / n.</summary>
public sealed class MeanSquaredError : Loss
{
    public override string KerasName => "mean_squared_error";

    protected override double RowLoss(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, double gradientScale)
    {
        var n = predictions.Length;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            double d = predictions[i] - targets[i];
            sum += d * d;
            if (!gradient.IsEmpty)
            {
                gradient[i] = (float)(gradientScale * 2.0 * d / n);
            }
        }

        return sum / n;
    }
}
