using Edge.Engine.Losses;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Losses;

/// <summary>Values from the worked examples in the Keras loss documentation (keras.io/api/losses), and hand computations.</summary>
public class LossValueTests
{
    private static Tensor T(float[] data, params int[] dims) => Tensor.FromArray(data, dims);

    [Fact]
    public void Mean_squared_error_matches_the_keras_example()
    {
        var y = T([0f, 1f, 0f, 0f], 2, 2);
        var p = T([1f, 1f, 1f, 0f], 2, 2);
        Assert.Equal(0.5, new MeanSquaredError().Compute(p, y), 6);
        Assert.Equal(0.25, new MeanSquaredError().Compute(p, y, [0.7f, 0.3f]), 6);
    }

    [Fact]
    public void Binary_crossentropy_matches_the_keras_example()
    {
        var y = T([0f, 1f, 0f, 0f], 2, 2);
        var p = T([0.6f, 0.4f, 0.4f, 0.6f], 2, 2);
        var expected = (-Math.Log(0.4) - Math.Log(0.4) - Math.Log(0.6) - Math.Log(0.4)) / 4; // ≈ 0.815
        Assert.Equal(expected, new BinaryCrossentropy().Compute(p, y), 6);
        Assert.Equal(0.815, new BinaryCrossentropy().Compute(p, y), 3);
        // sample_weight [1, 0]: only the first row counts, still divided by the batch size 2 (≈ 0.458).
        Assert.Equal(0.458, new BinaryCrossentropy().Compute(p, y, [1f, 0f]), 3);
    }

    [Fact]
    public void Binary_crossentropy_from_logits_matches_the_keras_example()
    {
        var y = T([0f, 1f, 0f, 0f], 4, 1);
        var z = T([-18.6f, 0.51f, 2.94f, -12.8f], 4, 1);
        Assert.Equal(0.865, new BinaryCrossentropy(fromLogits: true).Compute(z, y), 3);
    }

    [Fact]
    public void Binary_crossentropy_clips_probabilities_at_keras_epsilon()
    {
        var y = T([0f], 1, 1);
        var p = T([1f], 1, 1);
        var gradient = new Tensor(1, 1);
        Assert.Equal(-Math.Log(1e-7), new BinaryCrossentropy().Compute(p, y, default, gradient), 6);
        Assert.Equal(0f, gradient[0]); // clip_by_value passes no gradient outside its range
    }

    [Fact]
    public void Logits_form_stays_finite_for_large_logits_and_agrees_with_probabilities()
    {
        var y = T([1f, 0f], 2, 1);
        var z = T([-80f, 80f], 2, 1);
        Assert.Equal(80.0, new BinaryCrossentropy(fromLogits: true).Compute(z, y), 4);

        var moderate = T([0.3f, -1.2f], 2, 1);
        var probabilities = T([(float)(1 / (1 + Math.Exp(-0.3))), (float)(1 / (1 + Math.Exp(1.2)))], 2, 1);
        Assert.Equal(new BinaryCrossentropy().Compute(probabilities, y), new BinaryCrossentropy(fromLogits: true).Compute(moderate, y), 5);
    }

    [Fact]
    public void Categorical_crossentropy_matches_the_keras_example()
    {
        var y = T([0f, 1f, 0f, 0f, 0f, 1f], 2, 3);
        var p = T([0.05f, 0.95f, 0f, 0.1f, 0.8f, 0.1f], 2, 3);
        Assert.Equal(1.177, new CategoricalCrossentropy().Compute(p, y), 3);
        Assert.Equal(0.814, new CategoricalCrossentropy().Compute(p, y, [0.3f, 0.7f]), 3);
    }

    [Fact]
    public void Mismatched_targets_are_rejected_with_both_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Compute(new Tensor(2, 3), new Tensor(2, 2)));
        Assert.Contains("(2, 2)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_by_keras_name()
    {
        Assert.IsType<BinaryCrossentropy>(Loss.Get("binary_crossentropy"));
        Assert.IsType<MeanSquaredError>(Loss.Get("mse"));
        Assert.Throws<ArgumentException>(() => Loss.Get("hinge2"));
    }
}
