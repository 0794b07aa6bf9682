using Edge.Engine.Models.Metrics;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Models;

public class MetricTests
{
    [Fact]
    public void Auc_matches_the_rank_statistic_on_a_small_example()
    {
        // Pairs (positive, negative) ranked correctly: (0.35 > 0.1), (0.8 > 0.1), (0.8 > 0.4); wrong: (0.35 < 0.4) → 3/4.
        var auc = new Auc();
        auc.Update(Tensor.FromArray([0.1f, 0.4f, 0.35f, 0.8f], 4, 1), Tensor.FromArray([0f, 0f, 1f, 1f], 4, 1), default);
        Assert.Equal(0.75, auc.Result(), 6);
    }

    [Fact]
    public void Auc_is_one_for_perfect_separation_and_half_for_constant_scores()
    {
        var perfect = new Auc();
        perfect.Update(Tensor.FromArray([0.2f, 0.3f, 0.7f, 0.9f], 4, 1), Tensor.FromArray([0f, 0f, 1f, 1f], 4, 1), default);
        Assert.Equal(1.0, perfect.Result(), 6);
        var constant = new Auc();
        constant.Update(Tensor.FromArray([0.5f, 0.5f, 0.5f, 0.5f], 4, 1), Tensor.FromArray([0f, 1f, 0f, 1f], 4, 1), default);
        Assert.Equal(0.5, constant.Result(), 6);
    }

    [Fact]
    public void Binary_accuracy_thresholds_at_one_half_and_weights_samples()
    {
        var accuracy = new BinaryAccuracy();
        var p = Tensor.FromArray([0.6f, 0.4f, 0.5f, 0.9f], 4, 1);
        var t = Tensor.FromArray([1f, 1f, 0f, 0f], 4, 1);
        accuracy.Update(p, t, default);
        Assert.Equal(0.5, accuracy.Result()); // right: 0.6→1, 0.5→0 (not above 0.5); wrong: 0.4, 0.9
        accuracy.Reset();
        accuracy.Update(p, t, [3f, 1f, 1f, 1f]);
        Assert.Equal(4.0 / 6.0, accuracy.Result(), 12);
    }

    [Fact]
    public void Categorical_accuracy_compares_arg_max()
    {
        var accuracy = new CategoricalAccuracy();
        accuracy.Update(Tensor.FromArray([0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f], 2, 3), Tensor.FromArray([0f, 1f, 0f, 0f, 0f, 1f], 2, 3), default);
        Assert.Equal(0.5, accuracy.Result());
    }
}
