using Edge.Trainer.Evaluation;

namespace Edge.Trainer.Tests.Evaluation;

public class ThresholdAndConfusionTests
{
    private static readonly float[] Scores = [0.95f, 0.9f, 0.8f, 0.6f, 0.4f, 0.3f, 0.2f, 0.1f];
    private static readonly int[] Labels = [1, 0, 1, 1, 0, 0, 1, 0];

    [Fact]
    public void Confusion_matrix_counts_scores_at_or_above_the_threshold_as_flagged()
    {
        var m = ConfusionMatrix.At(Scores, Labels, 0.6f);
        Assert.Equal(new ConfusionMatrix(3, 1, 3, 1), m);
        Assert.Equal(6 / 8.0, m.Accuracy, 12);
        Assert.Equal(3 / 4.0, m.Precision, 12);
        Assert.Equal(3 / 4.0, m.Recall, 12);
        Assert.Equal(0.75, m.F1, 12);
    }

    [Fact]
    public void Max_f1_threshold_is_the_best_of_all_cut_points()
    {
        // F1 at each cut (flag top n): n=1: 2*1/(1+4)=0.4; n=2: 2*1/6=0.333; n=3: 4/7=0.571; n=4: 6/8=0.75;
        // n=5: 6/9; n=6: 6/10; n=7: 8/11=0.727; n=8: 8/12. Best is n=4, i.e. threshold 0.6.
        Assert.Equal(0.6f, ThresholdSelection.MaxF1(Scores, Labels));
    }

    [Fact]
    public void Precision_target_picks_the_lowest_threshold_that_meets_it()
    {
        // Precision at n=1..8: 1, .5, .667, .75, .6, .5, .571, .5. Target 0.7: lowest meeting cut is n=4 (0.6).
        Assert.Equal(0.6f, ThresholdSelection.ForPrecision(Scores, Labels, 0.7));
        // Target 0.9: only n=1 meets it.
        Assert.Equal(0.95f, ThresholdSelection.ForPrecision(Scores, Labels, 0.9));
    }

    [Fact]
    public void Roc_curve_runs_from_origin_to_one_one_and_its_area_is_the_auc()
    {
        var roc = Curves.Roc(Scores, Labels);
        Assert.Equal((0.0, 0.0), (roc[0].X, roc[0].Y));
        Assert.Equal((1.0, 1.0), (roc[^1].X, roc[^1].Y));
        double area = 0;
        for (var i = 1; i < roc.Count; i++)
        {
            area += (roc[i].X - roc[i - 1].X) * (roc[i].Y + roc[i - 1].Y) / 2;
        }

        Assert.Equal(RankingMetrics.RocAuc(Scores, Labels), area, 12);
    }
}
