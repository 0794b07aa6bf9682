using Edge.Engine.Tensors;
using Edge.Trainer.Baselines;
using Edge.Trainer.Evaluation;

namespace Edge.Trainer.Tests.Baselines;

public class LogisticRegressionTests
{
    [Fact]
    public void Separates_classes_that_differ_in_one_feature_and_ignores_noise()
    {
        // Label = 1 when feature 0 > 0.5; feature 1 is noise. Any sane logistic fit ranks almost perfectly.
        var rng = new Rng(3);
        const int rows = 400;
        var x = new float[rows * 2];
        var y = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            x[2 * r] = rng.NextSingle();
            x[(2 * r) + 1] = rng.NextSingle();
            y[r] = x[2 * r] > 0.5f ? 1 : 0;
        }

        var model = new LogisticRegression();
        model.Fit(x, y, featureCount: 2);
        var scores = model.Predict(x);
        Assert.True(RankingMetrics.RocAuc(scores, y) > 0.99);
    }

    [Fact]
    public void Predicting_before_fitting_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LogisticRegression().Predict([1f]));
        Assert.Contains("not been fitted", error.Message, StringComparison.Ordinal);
    }
}
