using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Convolution;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Core;

public class BatchNormalizationTests
{
    [Fact]
    public void Weights_follow_keras_order_and_trainability()
    {
        var layer = new BatchNormalization();
        layer.Build(new Shape(10, 64), new Rng(1));
        Assert.Equal(["gamma", "beta", "moving_mean", "moving_variance"], layer.Parameters.Select(p => p.Name).ToArray());
        Assert.Equal([true, true, false, false], layer.Parameters.Select(p => p.Trainable).ToArray());
        // Keras summary for BatchNormalization on 64 channels: 256 params, of which 128 non-trainable.
        Assert.Equal(4 * 64, layer.ParameterCount);
        Assert.Equal(new Shape(10, 64), layer.OutputShape);
        Assert.All(layer.Parameters[0].Value.Span.ToArray(), v => Assert.Equal(1f, v));
        Assert.All(layer.Parameters[3].Value.Span.ToArray(), v => Assert.Equal(1f, v));
        Assert.Equal("0.99", layer.Config["momentum"]);
        Assert.Equal("0.001", layer.Config["epsilon"]);
    }

    [Fact]
    public void Training_normalises_with_batch_statistics_and_moves_the_running_ones()
    {
        // One channel, batch [1, 2, 3, 4]: mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        var layer = new BatchNormalization();
        layer.Build(new Shape(1), new Rng(1));
        var y = layer.Forward(Tensor.FromArray([1f, 2f, 3f, 4f], 4, 1), training: true);
        var sd = Math.Sqrt(1.25 + 1e-3);
        Assert.Equal(new[] { -1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd }, y.Span.ToArray().Select(v => (double)v), new Tolerance(1e-6));
        // moving = moving * 0.99 + batch * 0.01, from 0 and 1.
        Assert.Equal(0.025f, layer.Parameters[2].Value[0], 6);
        Assert.Equal(1.0025f, layer.Parameters[3].Value[0], 6);

        // Inference uses the running statistics: (x - 0.025) / sqrt(1.0025 + 0.001).
        var inference = layer.Forward(Tensor.FromArray([1f, 2f, 3f, 4f], 4, 1), training: false);
        Assert.Equal((1 - 0.025) / Math.Sqrt(1.0035), inference[0], 5);
        Assert.Equal(0.025f, layer.Parameters[2].Value[0], 6);
    }

    [Fact]
    public void Training_mode_gradients_match_finite_differences()
    {
        // Rank-3 input: statistics over batch and steps, per channel.
        var layer = new BatchNormalization();
        layer.Build(new Shape(3, 4), new Rng(1));
        SampleTensors.Randomize(layer.Parameters[0].Value, 2);
        SampleTensors.Randomize(layer.Parameters[1].Value, 3);
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.Uniform(4, 2, 3, 4), training: true, step: 1e-2f);
    }

    [Fact]
    public void Inference_mode_gradients_match_finite_differences()
    {
        var layer = new BatchNormalization();
        layer.Build(new Shape(5), new Rng(1));
        SampleTensors.Randomize(layer.Parameters[0].Value, 2);
        SampleTensors.Randomize(layer.Parameters[2].Value, 5);
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.Uniform(4, 3, 5), training: false);
    }

    [Fact]
    public void Backward_leaves_moving_statistics_gradients_zero()
    {
        var layer = new BatchNormalization();
        layer.Build(new Shape(3), new Rng(1));
        layer.Forward(SampleTensors.Uniform(1, 4, 3), training: true);
        layer.Backward(SampleTensors.Uniform(2, 4, 3));
        Assert.All(layer.Parameters[2].Gradient.Span.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(layer.Parameters[3].Gradient.Span.ToArray(), v => Assert.Equal(0f, v));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
