using Edge.Engine.Tensors;

namespace Edge.Engine.Models.Metrics;

/// <summary>
/// Keras's AUC (curve ROC, summation "interpolation", 200 thresholds by default): thresholds 0, 1/(n−1), …, 1 with the
/// ends nudged by 1e-7 outward; at each threshold the weighted true and false positive counts of predictions above it;
/// the area is the trapezoidal sum over (FPR, TPR). Predictions are binned once into the threshold grid, so an update
/// costs O(1) per prediction and nothing is allocated after construction.
/// </summary>
public sealed class Auc : Metric
{
    private const double Nudge = 1e-7;
    private readonly double[] _positives;
    private readonly double[] _negatives;
    private readonly bool _fromLogits;

    public Auc(int thresholds = 200, bool fromLogits = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholds, 2);
        _positives = new double[thresholds];
        _negatives = new double[thresholds];
        _fromLogits = fromLogits;
    }

    public override string Name => "auc";

    public override void Reset()
    {
        Array.Clear(_positives);
        Array.Clear(_negatives);
    }

    public override void Update(Tensor predictions, Tensor targets, ReadOnlySpan<float> sampleWeights)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        var p = predictions.ReadOnlySpan;
        var t = targets.ReadOnlySpan;
        var perSample = p.Length / predictions.Shape[0];
        for (var i = 0; i < p.Length; i++)
        {
            double v = p[i];
            if (_fromLogits)
            {
                v = 1 / (1 + Math.Exp(-v));
            }

            var bin = HighestThresholdBelow(v);
            if (bin < 0)
            {
                continue; // not above any threshold: counts as negative everywhere, contributes nothing to TP/FP
            }

            var w = WeightOf(sampleWeights, i, perSample);
            if (t[i] > 0.5f)
            {
                _positives[bin] += w;
            }
            else
            {
                _negatives[bin] += w;
            }
        }
    }

    /// <summary>The largest threshold index i with v > threshold(i), or −1.</summary>
    private int HighestThresholdBelow(double v)
    {
        var n = _positives.Length;
        var i = (int)Math.Clamp(Math.Ceiling(v * (n - 1)) - 1, -1, n - 1);
        while (i + 1 < n && v > Threshold(i + 1))
        {
            i++;
        }

        while (i >= 0 && !(v > Threshold(i)))
        {
            i--;
        }

        return i;
    }

    private double Threshold(int i)
    {
        var n = _positives.Length;
        return i == 0 ? -Nudge : i == n - 1 ? 1 + Nudge : (double)i / (n - 1);
    }

    public override double Result()
    {
        var n = _positives.Length;
        double totalPositives = 0, totalNegatives = 0;
        for (var i = 0; i < n; i++)
        {
            totalPositives += _positives[i];
            totalNegatives += _negatives[i];
        }

        if (totalPositives == 0 || totalNegatives == 0)
        {
            return 0;
        }

        // Walk thresholds from high to low; the counts above threshold i are the suffix sums from bin i.
        double area = 0, tp = 0, fp = 0, previousTpr = 0, previousFpr = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            tp += _positives[i];
            fp += _negatives[i];
            var tpr = tp / totalPositives;
            var fpr = fp / totalNegatives;
            area += (fpr - previousFpr) * (tpr + previousTpr) / 2;
            (previousTpr, previousFpr) = (tpr, fpr);
        }

        return area;
    }
}
