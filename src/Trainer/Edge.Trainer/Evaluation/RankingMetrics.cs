namespace Edge.Trainer.Evaluation;

/// <summary>
/// Threshold-free metrics of a ranking of customers by theft score, as the theft-detection literature reports them.
/// </summary>
public static class RankingMetrics
{
    /// <summary>
    /// ROC-AUC as the Mann-Whitney statistic: the probability that a random thief scores above a random normal
    /// customer, ties counting one half (average ranks). NaN when one class is absent.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        var groups = ScoreGroups.Descending(scores, labels);
        long positives = groups.Sum(g => g.Thieves);
        long negatives = scores.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Walking down from the top: a group's thieves beat every honest customer scored lower, and tie with the
        // honest customers in their own group.
        double wins = 0;
        long negativesAbove = 0;
        foreach (var g in groups)
        {
            var negativesInGroup = g.Count - g.Thieves;
            wins += g.Thieves * ((negatives - negativesAbove - negativesInGroup) + (0.5 * negativesInGroup));
            negativesAbove += negativesInGroup;
        }

        return wins / ((double)positives * negatives);
    }

    /// <summary>
    /// Area under the precision-recall curve as average precision: sum over thresholds of
    /// (recall_n - recall_{n-1}) * precision_n, with tied scores entering together. NaN without thieves.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        var groups = ScoreGroups.Descending(scores, labels);
        var totalPositives = groups.Sum(g => g.Thieves);
        if (totalPositives == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        long flagged = 0, truePositives = 0;
        foreach (var g in groups)
        {
            flagged += g.Count;
            truePositives += g.Thieves;
            sum += g.Thieves / (double)totalPositives * (truePositives / (double)flagged);
        }

        return sum;
    }

    /// <summary>
    /// MAP@k as Zheng et al. 2018 define it: rank customers by score, take the top k, and average the precision
    /// at the rank of each true thief found there: (1/r) * sum_i P@k_i, where k_i is the rank of the i-th thief in
    /// the top k and r the number of thieves in it. 0 when the top k holds no thief.
    /// Ties are broken by input order (stable), so the figure is reproducible.
    /// </summary>
    public static double MeanAveragePrecisionAtK(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int k)
    {
        CheckLengths(scores, labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var order = SortedIndices(scores, descending: true);
        var limit = Math.Min(k, order.Length);
        double sum = 0;
        var found = 0;
        for (var rank = 1; rank <= limit; rank++)
        {
            if (labels[order[rank - 1]] == 1)
            {
                found++;
                sum += found / (double)rank;
            }
        }

        return found == 0 ? 0 : sum / found;
    }

    /// <summary>Indices ordered by score; a stable sort so that equal scores keep input order.</summary>
    internal static int[] SortedIndices(ReadOnlySpan<float> scores, bool descending)
    {
        var keys = scores.ToArray();
        foreach (var s in keys)
        {
            if (float.IsNaN(s))
            {
                throw new ArgumentException("A score is NaN; a model that produces NaN cannot be ranked.", nameof(scores));
            }
        }

        var order = Enumerable.Range(0, keys.Length).ToArray();
        Comparison<int> compare = descending
            ? (a, b) => keys[b] != keys[a] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b)
            : (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b);
        Array.Sort(order, compare);
        return order;
    }

    internal static int CountPositives(ReadOnlySpan<int> labels)
    {
        var n = 0;
        foreach (var y in labels)
        {
            if (y is not (0 or 1))
            {
                throw new ArgumentException($"Label {y} is not 0 or 1.", nameof(labels));
            }

            n += y;
        }

        return n;
    }

    internal static void CheckLengths(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.", nameof(labels));
        }
    }
}
