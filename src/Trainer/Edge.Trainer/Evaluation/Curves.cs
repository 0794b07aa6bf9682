namespace Edge.Trainer.Evaluation;

/// <summary>A point of a ROC curve (false-positive rate, true-positive rate) or a PR curve (recall, precision).</summary>
public readonly record struct CurvePoint(double X, double Y, float Threshold);

/// <summary>ROC and precision-recall curves, one point per distinct score (tied scores enter together).</summary>
public static class Curves
{
    public static IReadOnlyList<CurvePoint> Roc(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        var points = new List<CurvePoint> { new(0, 0, float.PositiveInfinity) };
        var positives = RankingMetrics.CountPositives(labels);
        var negatives = labels.Length - positives;
        foreach (var (flagged, truePositives, threshold) in Sweep(scores, labels))
        {
            var falsePositives = flagged - truePositives;
            points.Add(new CurvePoint(
                negatives == 0 ? 0 : falsePositives / (double)negatives,
                positives == 0 ? 0 : truePositives / (double)positives,
                threshold));
        }

        return points;
    }

    public static IReadOnlyList<CurvePoint> PrecisionRecall(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        var points = new List<CurvePoint>();
        var positives = RankingMetrics.CountPositives(labels);
        foreach (var (flagged, truePositives, threshold) in Sweep(scores, labels))
        {
            points.Add(new CurvePoint(
                positives == 0 ? 0 : truePositives / (double)positives,
                truePositives / (double)flagged,
                threshold));
        }

        return points;
    }

    /// <summary>For each distinct score from high to low: how many are flagged and how many of them are thieves.</summary>
    private static List<(long Flagged, long TruePositives, float Threshold)> Sweep(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        var result = new List<(long, long, float)>();
        long flagged = 0, truePositives = 0;
        foreach (var g in ScoreGroups.Descending(scores, labels))
        {
            flagged += g.Count;
            truePositives += g.Thieves;
            result.Add((flagged, truePositives, g.Score));
        }

        return result;
    }
}
