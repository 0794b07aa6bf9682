namespace Edge.Trainer.Evaluation;

/// <summary>Everything the report shows about a model's scores on one part of the data.</summary>
public sealed record DetectionMetrics
{
    public required int Customers { get; init; }

    public required int Thieves { get; init; }

    public required float Threshold { get; init; }

    public required double Accuracy { get; init; }

    public required double Precision { get; init; }

    public required double Recall { get; init; }

    public required double F1 { get; init; }

    public required double RocAuc { get; init; }

    /// <summary>Area under the precision-recall curve, computed as average precision.</summary>
    public required double PrAuc { get; init; }

    public required double MapAt100 { get; init; }

    public required double MapAt200 { get; init; }

    public required ConfusionMatrix Confusion { get; init; }

    /// <summary>Scores every metric at a threshold chosen elsewhere (on validation data).</summary>
    public static DetectionMetrics Compute(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, float threshold)
    {
        var confusion = ConfusionMatrix.At(scores, labels, threshold);
        return new DetectionMetrics
        {
            Customers = scores.Length,
            Thieves = RankingMetrics.CountPositives(labels),
            Threshold = threshold,
            Accuracy = confusion.Accuracy,
            Precision = confusion.Precision,
            Recall = confusion.Recall,
            F1 = confusion.F1,
            RocAuc = RankingMetrics.RocAuc(scores, labels),
            PrAuc = RankingMetrics.AveragePrecision(scores, labels),
            MapAt100 = RankingMetrics.MeanAveragePrecisionAtK(scores, labels, 100),
            MapAt200 = RankingMetrics.MeanAveragePrecisionAtK(scores, labels, 200),
            Confusion = confusion,
        };
    }
}
