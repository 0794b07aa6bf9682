using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Core;

public class ActivationLayersTests
{
    private static Tensor AwayFromZero(ulong seed, params int[] dims)
    {
        var rng = new Rng(seed);
        var t = new Tensor(dims);
        for (var i = 0; i < t.Length; i++)
        {
            var v = rng.Uniform(0.05f, 2f);
            t[i] = rng.NextInt(2) == 0 ? v : -v;
        }

        return t;
    }

    [Fact]
    public void Leaky_relu_layer_defaults_to_keras_slope_of_0_3()
    {
        var layer = new LeakyReLU();
        layer.Build(new Shape(2), new Rng(1));
        var y = layer.Forward(Tensor.FromArray([-2f, 3f], 1, 2), false);
        Assert.Equal([-0.6f, 3f], y.ReadOnlySpan.ToArray());
        Assert.Equal("LeakyReLU", layer.KerasTypeName);
    }

    [Fact]
    public void Elu_layer_matches_finite_differences()
    {
        var layer = new ELU(0.5f);
        layer.Build(new Shape(9), new Rng(1));
        GradientCheck.AssertGradientsMatch(layer, AwayFromZero(2, 3, 9));
    }

    [Fact]
    public void Prelu_starts_as_relu_with_alpha_shaped_like_the_input()
    {
        var layer = new PReLU();
        layer.Build(new Shape(4, 3), new Rng(1));
        Assert.Equal(new Shape(4, 3), layer.Parameters[0].Value.Shape);
        var y = layer.Forward(Tensor.FromArray([-1f, 2f, -3f, 4f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], 1, 4, 3), false);
        Assert.Equal([0f, 2f, 0f, 4f], y.ReadOnlySpan[..4].ToArray());
    }

    [Fact]
    public void Prelu_shared_over_steps_has_one_slope_per_channel_and_correct_gradients()
    {
        var layer = new PReLU(sharedAxes: [1]);
        layer.Build(new Shape(5, 3), new Rng(1));
        var alpha = layer.Parameters[0].Value;
        Assert.Equal(new Shape(1, 3), alpha.Shape);
        alpha[0] = 0.1f;
        alpha[1] = -0.4f;
        alpha[2] = 0.7f;
        var x = AwayFromZero(3, 2, 5, 3);
        var y = layer.Forward(x, false);
        for (var i = 0; i < x.Length; i++)
        {
            var expected = x[i] > 0 ? x[i] : alpha[i % 3] * x[i];
            Assert.Equal(expected, y[i]);
        }

        GradientCheck.AssertGradientsMatch(layer, x);
    }

    [Fact]
    public void Prelu_rejects_a_shared_axis_outside_the_input()
    {
        var layer = new PReLU(sharedAxes: [3], name: "slope");
        var ex = Assert.Throws<ArgumentException>(() => layer.Build(new Shape(5, 3), new Rng(1)));
        Assert.Contains("slope", ex.Message, StringComparison.Ordinal);
    }
}
