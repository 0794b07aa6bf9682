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
        var groups = ScoreGroups.Descending(scores, labels);
        var totalPositives = groups.Sum(g => g.Thieves);
        long flagged = 0, truePositives = 0;
        var bestF1 = -1.0;
        var best = 0.5f;
        foreach (var g in groups)
        {
            flagged += g.Count;
            truePositives += g.Thieves;
            var f1 = totalPositives == 0 ? 0 : 2.0 * truePositives / (flagged + totalPositives);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = g.Score;
            }
        }

        return best;
    }

    /// <summary>
    /// The lowest threshold whose precision is at least <paramref name="targetPrecision"/> (most thieves caught at
    /// that precision). When no threshold reaches it, the threshold of the highest precision.
    /// </summary>
    public static float ForPrecision(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, double targetPrecision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetPrecision, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetPrecision, 1.0);
        var groups = ScoreGroups.Descending(scores, labels);
        if (groups.Count == 0)
        {
            return 0.5f;
        }

        long flagged = 0, truePositives = 0;
        float? lowestMeeting = null;
        var bestPrecision = -1.0;
        var bestPrecisionThreshold = groups[0].Score;
        foreach (var g in groups)
        {
            flagged += g.Count;
            truePositives += g.Thieves;
            var precision = truePositives / (double)flagged;
            if (precision >= targetPrecision)
            {
                lowestMeeting = g.Score;
            }

            if (precision > bestPrecision)
            {
                bestPrecision = precision;
                bestPrecisionThreshold = g.Score;
            }
        }

        return lowestMeeting ?? bestPrecisionThreshold;
    }
}
