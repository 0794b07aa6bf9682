using CsCheck;
using Edge.Trainer.Evaluation;

namespace Edge.Trainer.Tests.Evaluation;

public class RankingMetricsTests
{
    [Fact]
    public void RocAuc_of_a_perfect_ranking_is_one_and_of_a_reversed_ranking_is_zero()
    {
        float[] scores = [0.9f, 0.8f, 0.3f, 0.1f];
        int[] labels = [1, 1, 0, 0];
        Assert.Equal(1.0, RankingMetrics.RocAuc(scores, labels));
        Assert.Equal(0.0, RankingMetrics.RocAuc(scores, [0, 0, 1, 1]));
    }

    [Fact]
    public void RocAuc_counts_ties_between_classes_as_one_half()
    {
        // Pairs (thief, normal): (0.5 vs 0.5) tie = 1/2, (0.5 vs 0.2) win = 1 -> (0.5 + 1) / 2 = 0.75.
        Assert.Equal(0.75, RankingMetrics.RocAuc([0.5f, 0.5f, 0.2f], [1, 0, 0]));
    }

    [Fact]
    public void RocAuc_equals_the_pairwise_definition_on_random_data()
    {
        Gen.Select(Gen.Int[2, 60], Gen.Int[0, 5]).Select((n, levels) => (n, levels))
            .SelectMany(t => Gen.Select(Gen.Int[0, t.levels].Array[t.n], Gen.Int[0, 1].Array[t.n]))
            .Sample((rawScores, labels) =>
            {
                var scores = rawScores.Select(s => s / 5f).ToArray();
                var expected = PairwiseAuc(scores, labels);
                var actual = RankingMetrics.RocAuc(scores, labels);
                return double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) < 1e-12;
            });
    }

    [Fact]
    public void Average_precision_matches_a_hand_computation()
    {
        // Ranked labels: 1, 0, 1, 0 with 2 thieves. Recall steps at ranks 1 and 3:
        // AP = 1/2 * P@1 + 1/2 * P@3 = 1/2 * 1 + 1/2 * 2/3 = 5/6.
        Assert.Equal(5.0 / 6.0, RankingMetrics.AveragePrecision([0.9f, 0.8f, 0.7f, 0.6f], [1, 0, 1, 0]), 12);
    }

    [Fact]
    public void Map_at_k_averages_precision_at_the_ranks_of_thieves_in_the_top_k()
    {
        float[] scores = [0.9f, 0.8f, 0.7f, 0.6f, 0.5f];
        int[] labels = [0, 1, 0, 1, 1];
        // Top 4: thieves at ranks 2 and 4 -> (1/2 + 2/4) / 2 = 0.5.
        Assert.Equal(0.5, RankingMetrics.MeanAveragePrecisionAtK(scores, labels, 4), 12);
        // Top 5 adds a thief at rank 5: (1/2 + 2/4 + 3/5) / 3 = 0.5333...
        Assert.Equal((0.5 + 0.5 + 0.6) / 3, RankingMetrics.MeanAveragePrecisionAtK(scores, labels, 5), 12);
        // Top 1 holds no thief.
        Assert.Equal(0.0, RankingMetrics.MeanAveragePrecisionAtK(scores, labels, 1));
    }

    [Fact]
    public void A_NaN_score_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0.1f, float.NaN], [0, 1]));
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    private static double PairwiseAuc(float[] scores, int[] labels)
    {
        double wins = 0;
        long pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[i] == 1 && labels[j] == 0)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        return pairs == 0 ? double.NaN : wins / pairs;
    }
}
