namespace Edge.Trainer.Evaluation;

/// <summary>Customers sharing one score: a threshold can only flag all of them or none.</summary>
internal readonly record struct ScoreGroup(float Score, int Count, int Thieves);

/// <summary>
/// The one pass every ranking metric starts from: distinct scores from high to low, with how many customers and
/// thieves each holds. Ties enter together, so no metric depends on the order of tied customers.
/// </summary>
internal static class ScoreGroups
{
    public static List<ScoreGroup> Descending(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        RankingMetrics.CheckLengths(scores, labels);
        RankingMetrics.CountPositives(labels);
        var order = RankingMetrics.SortedIndices(scores, descending: true);
        var groups = new List<ScoreGroup>();
        var i = 0;
        while (i < order.Length)
        {
            var score = scores[order[i]];
            int count = 0, thieves = 0;
            for (; i < order.Length && scores[order[i]] == score; i++)
            {
                count++;
                thieves += labels[order[i]];
            }

            groups.Add(new ScoreGroup(score, count, thieves));
        }

        return groups;
    }
}
