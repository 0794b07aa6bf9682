namespace Edge.Trainer.Evaluation;

/// <summary>Counts at one threshold: a customer is flagged when its score is at or above the threshold.</summary>
public readonly record struct ConfusionMatrix(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public static ConfusionMatrix At(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, float threshold)
    {
        RankingMetrics.CheckLengths(scores, labels);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var flagged = scores[i] >= threshold;
            switch ((flagged, labels[i]))
            {
                case (true, 1): tp++; break;
                case (true, 0): fp++; break;
                case (false, 0): tn++; break;
                case (false, 1): fn++; break;
                default: throw new ArgumentException($"Label {labels[i]} at index {i} is not 0 or 1.", nameof(labels));
            }
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public double Accuracy => Ratio(TruePositives + TrueNegatives, Total);

    /// <summary>Share of flagged customers who steal; 0 when nobody is flagged (scikit-learn's zero_division=0).</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Share of thieves who are flagged.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    private static double Ratio(long a, long b) => b == 0 ? 0 : a / (double)b;
}
