namespace Edge.Engine.Losses;

/// <summary>
/// Keras's binary_crossentropy, per row the mean over the last axis of −[t log p + (1 − t) log(1 − p)].
/// On probabilities (the default), p is first clipped to [ε, 1 − ε] with Keras's ε = 1e-7, and the gradient is zero
/// where clipping is active (as for clip_by_value). With <c>fromLogits</c> the input is z = logit(p) and the loss is
/// computed in the stable form max(z, 0) − z t + log(1 + e^−|z|), whose gradient is sigmoid(z) − t: use it with a
/// linear output layer to avoid saturating a sigmoid.
/// </summary>
public sealed class BinaryCrossentropy(bool fromLogits = false) : Loss
{
    /// <summary>keras.backend.epsilon().</summary>
    public const double Epsilon = 1e-7;

    public bool FromLogits { get; } = fromLogits;

    public override string KerasName => "binary_crossentropy";

    protected override double RowLoss(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, double gradientScale)
    {
        var n = predictions.Length;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            double t = targets[i];
            double d;
            if (FromLogits)
            {
                double z = predictions[i];
                sum += Math.Max(z, 0) - (z * t) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
                d = (1.0 / (1.0 + Math.Exp(-z))) - t;
            }
            else
            {
                double raw = predictions[i];
                var p = Math.Clamp(raw, Epsilon, 1 - Epsilon);
                sum -= (t * Math.Log(p)) + ((1 - t) * Math.Log(1 - p));
                d = raw == p ? ((p - t) / (p * (1 - p))) : 0.0;
            }

            if (!gradient.IsEmpty)
            {
                gradient[i] = (float)(gradientScale * d / n);
            }
        }

        return sum / n;
    }
}
