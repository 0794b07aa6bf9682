namespace Edge.Engine.Losses;

/// <summary>
/// Keras's categorical_crossentropy over one-hot (or soft) targets along the last axis. On probabilities Keras first
/// rescales the row to sum to 1 (q = p / Σp), clips q to [ε, 1 − ε] and returns −Σ t log q; the gradient here
/// includes the rescaling, so it is exact for any row. With <c>fromLogits</c> the row is softmax-normalised in the
/// stable log-sum-exp form: loss = Σt · lse(z) − Σ t z, gradient Σt · softmax(z) − t.
/// </summary>
public sealed class CategoricalCrossentropy(bool fromLogits = false) : Loss
{
    public bool FromLogits { get; } = fromLogits;

    public override string KerasName => "categorical_crossentropy";

    protected override double RowLoss(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets, Span<float> gradient, double gradientScale) =>
        FromLogits ? FromLogitsRow(predictions, targets, gradient, gradientScale) : FromProbabilitiesRow(predictions, targets, gradient, gradientScale);

    private static double FromProbabilitiesRow(ReadOnlySpan<float> p, ReadOnlySpan<float> t, Span<float> gradient, double scale)
    {
        double s = 0;
        foreach (var v in p)
        {
            s += v;
        }

        // a_i = dLoss/dq_i (zero where clipped); dLoss/dp_j = a_j / S − Σ_i a_i p_i / S².
        double loss = 0, weighted = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var q = Clipped(p[i] / s, out var clipped);
            loss -= t[i] * Math.Log(q);
            weighted += (clipped ? 0.0 : -t[i] / q) * p[i];
        }

        if (!gradient.IsEmpty)
        {
            for (var j = 0; j < p.Length; j++)
            {
                var q = Clipped(p[j] / s, out var clipped);
                var a = clipped ? 0.0 : -t[j] / q;
                gradient[j] = (float)(scale * ((a / s) - (weighted / (s * s))));
            }
        }

        return loss;
    }

    private static double Clipped(double q, out bool clipped)
    {
        var c = Math.Clamp(q, BinaryCrossentropy.Epsilon, 1 - BinaryCrossentropy.Epsilon);
        clipped = c != q;
        return c;
    }

    private static double FromLogitsRow(ReadOnlySpan<float> z, ReadOnlySpan<float> t, Span<float> gradient, double scale)
    {
        double max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }

        double sumExp = 0, targetSum = 0, targetDot = 0;
        for (var i = 0; i < z.Length; i++)
        {
            sumExp += Math.Exp(z[i] - max);
            targetSum += t[i];
            targetDot += t[i] * z[i];
        }

        var logSumExp = max + Math.Log(sumExp);
        if (!gradient.IsEmpty)
        {
            for (var i = 0; i < z.Length; i++)
            {
                gradient[i] = (float)(scale * ((targetSum * Math.Exp(z[i] - logSumExp)) - t[i]));
            }
        }

        return (targetSum * logSumExp) - targetDot;
    }
}
