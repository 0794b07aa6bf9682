namespace Edge.Trainer.Evaluation;

/// <summary>
/// Chooses the decision threshold on validation data, never on the test part, so test figures stay honest.
/// Candidates are the distinct validation scores: flagging everyone at or above one of them.
/// </summary>
public static class ThresholdSelection
{
    /// <summary>The threshold with the highest F1; ties go to the higher threshold (fewer technician visits).</summary>
    public static float MaxF1(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        RankingMetrics.CheckLengths(scores, labels);
        if (scores.IsEmpty)
        {
            return 0.5f;
        }

        var order = RankingMetrics.SortedIndices(scores, descending: true);
        var totalPositives = RankingMetrics.CountPositives(labels);
        long tp = 0;
        var bestF1 = -1.0;
        var best = 0.5f;
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (var t = i; t <= j; t++)
            {
                tp += labels[order[t]];
            }

            var flagged = j + 1;
            var f1 = totalPositives == 0 ? 0 : 2.0 * tp / (flagged + totalPositives);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = scores[order[i]];
            }

            i = j + 1;
        }

        return best;
    }

    /// <summary>
    /// The lowest threshold whose precision is at least <paramref name="targetPrecision"/> (most thieves caught at
    /// that precision). When no threshold reaches it, the threshold of the highest precision.
    /// </summary>
    public static float ForPrecision(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, double targetPrecision)
    {
        RankingMetrics.CheckLengths(scores, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetPrecision, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetPrecision, 1.0);
        if (scores.IsEmpty)
        {
            return 0.5f;
        }

        var order = RankingMetrics.SortedIndices(scores, descending: true);
        long tp = 0;
        float? lowestMeeting = null;
        var bestPrecision = -1.0;
        var bestPrecisionThreshold = scores[order[0]];
        var i = 0;
        while (i < order.Length)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (var t = i; t <= j; t++)
            {
                tp += labels[order[t]];
            }

            var precision = tp / (double)(j + 1);
            if (precision >= targetPrecision)
            {
                lowestMeeting = scores[order[i]];
            }

            if (precision > bestPrecision)
            {
                bestPrecision = precision;
                bestPrecisionThreshold = scores[order[i]];
            }

            i = j + 1;
        }

        return lowestMeeting ?? bestPrecisionThreshold;
    }
}
