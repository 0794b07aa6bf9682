using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Convolution;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Core;

public class DenseTests
{
    private static Tensor Random(ulong seed, params int[] dims) => SampleTensors.Uniform(seed, dims);

    private static void RandomiseBias(Dense dense, ulong seed) => SampleTensors.Randomize(dense.Parameters[1].Value, seed);

    [Theory]
    [InlineData(null)]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("softmax")]
    public void Gradients_match_finite_differences_on_a_batch(string? activation)
    {
        var dense = new Dense(5, activation);
        dense.Build(new Shape(7), new Rng(3));
        RandomiseBias(dense, 9);
        GradientCheck.AssertGradientsMatch(dense, Random(4, 3, 7));
    }

    [Fact]
    public void Gradients_match_finite_differences_on_a_sequence_input()
    {
        var dense = new Dense(4, "tanh");
        dense.Build(new Shape(6, 3), new Rng(3));
        RandomiseBias(dense, 10);
        GradientCheck.AssertGradientsMatch(dense, Random(5, 2, 6, 3));
    }

    [Fact]
    public void Applies_to_the_last_axis_like_keras()
    {
        var dense = new Dense(4);
        dense.Build(new Shape(30, 8), new Rng(1));
        Assert.Equal(new Shape(30, 4), dense.OutputShape);
        Assert.Equal(new Shape(8, 4), dense.Parameters[0].Value.Shape);
        Assert.Equal(new Shape(4), dense.Parameters[1].Value.Shape);
        Assert.Equal((8 * 4) + 4, dense.ParameterCount);
        Assert.Equal(30L * 8 * 4, dense.ForwardMacsPerSample);
        var y = dense.Forward(new Tensor(2, 30, 8), training: false);
        Assert.Equal(new Shape(2, 30, 4), y.Shape);
    }

    [Fact]
    public void Forward_computes_x_times_kernel_plus_bias_then_activation()
    {
        var dense = new Dense(2, "relu");
        dense.Build(new Shape(3), new Rng(1));
        float[] kernel = [1f, -1f, 2f, 0.5f, -3f, 1f]; // rows are inputs: (3, 2)
        kernel.CopyTo(dense.Parameters[0].Value.Span);
        dense.Parameters[1].Value[0] = 0.5f;
        dense.Parameters[1].Value[1] = -0.25f;
        var x = Tensor.FromArray([1f, 2f, 3f], 1, 3);
        var y = dense.Forward(x, training: false);
        // unit 0: 1·1 + 2·2 + 3·(−3) + 0.5 = −3.5 → relu 0; unit 1: 1·(−1) + 2·0.5 + 3·1 − 0.25 = 2.75
        Assert.Equal([0f, 2.75f], y.ReadOnlySpan.ToArray());
    }

    [Fact]
    public void Kernel_is_glorot_uniform_and_bias_zeros_by_default()
    {
        var dense = new Dense(50);
        dense.Build(new Shape(100), new Rng(5));
        var limit = Math.Sqrt(6.0 / 150);
        Assert.All(dense.Parameters[0].Value.ReadOnlySpan.ToArray(), w => Assert.InRange(w, -limit, limit));
        Assert.All(dense.Parameters[1].Value.ReadOnlySpan.ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal("glorot_uniform", dense.Config["kernel_initializer"]);
    }

    [Fact]
    public void Without_bias_has_only_a_kernel()
    {
        var dense = new Dense(3, useBias: false);
        dense.Build(new Shape(4), new Rng(1));
        Assert.Single(dense.Parameters);
        GradientCheck.AssertGradientsMatch(dense, Random(2, 2, 4));
    }

    [Fact]
    public void Wrong_input_width_names_the_layer_and_the_shapes()
    {
        var dense = new Dense(3, name: "head");
        dense.Build(new Shape(4), new Rng(1));
        var ex = Assert.Throws<ArgumentException>(() => dense.Forward(new Tensor(2, 5), false));
        Assert.Contains("head", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 5)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Smaller_last_batch_reuses_buffers_and_gives_the_same_rows()
    {
        var dense = new Dense(3, "tanh");
        dense.Build(new Shape(4), new Rng(2));
        var full = Random(8, 5, 4);
        var first = dense.Forward(full, false).ReadOnlySpan[..6].ToArray();
        var small = Tensor.FromArray(full.ReadOnlySpan[..8].ToArray(), 2, 4);
        Assert.Equal(first, dense.Forward(small, false).ReadOnlySpan.ToArray());
    }
}
