using Edge.Engine.Layers.Convolution;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Convolution;

public class Conv1DTests
{
    [Theory]
    // Keras: "valid" → floor((L - ((k-1)d+1)) / s) + 1; "same" → ceil(L / s).
    [InlineData(10, 3, 1, 1, "valid", 8)]
    [InlineData(10, 3, 1, 1, "same", 10)]
    [InlineData(10, 3, 2, 1, "valid", 4)]
    [InlineData(10, 3, 2, 1, "same", 5)]
    [InlineData(11, 4, 3, 1, "same", 4)]
    [InlineData(10, 3, 1, 2, "valid", 6)]
    [InlineData(10, 3, 1, 2, "same", 10)]
    [InlineData(1034, 3, 1, 1, "same", 1034)]
    public void Output_shape_follows_keras(int steps, int kernel, int stride, int dilation, string padding, int expectedSteps)
    {
        var layer = new Conv1D(5, kernel, padding: padding, strides: stride, dilationRate: dilation);
        layer.Build(new Shape(steps, 2), new Rng(1));
        Assert.Equal(new Shape(expectedSteps, 5), layer.OutputShape);
        Assert.Equal(new Shape(kernel, 2, 5), layer.Kernel.Value.Shape);
        Assert.Equal(new Shape(5), layer.Bias!.Value.Shape);
    }

    [Fact]
    public void Valid_padding_rejects_input_shorter_than_the_window()
    {
        var layer = new Conv1D(4, 5);
        var error = Assert.Throws<ArgumentException>(() => layer.Build(new Shape(3, 1), new Rng(1)));
        Assert.Contains("shorter than the window", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Odd total padding (kernel 4, or steps 12 with stride 2) checks that the extra zero goes after the data, as in TF.
    [InlineData("valid", 1, 1, 3, 13)]
    [InlineData("same", 1, 1, 3, 13)]
    [InlineData("same", 1, 1, 4, 13)]
    [InlineData("same", 2, 1, 3, 13)]
    [InlineData("same", 2, 1, 3, 12)]
    [InlineData("same", 3, 1, 5, 13)]
    [InlineData("valid", 2, 1, 3, 13)]
    [InlineData("same", 1, 2, 3, 13)]
    [InlineData("same", 1, 2, 2, 13)]
    [InlineData("valid", 3, 2, 3, 13)]
    public void Forward_matches_direct_convolution(string padding, int stride, int dilation, int kernel, int steps)
    {
        const int Batch = 3, In = 4, Filters = 6;
        var layer = new Conv1D(Filters, kernel, padding: padding, strides: stride, dilationRate: dilation);
        layer.Build(new Shape(steps, In), new Rng(7));
        SampleTensors.Randomize(layer.Bias!.Value, 8);
        var x = SampleTensors.Uniform(9, Batch, steps, In);

        var y = layer.Forward(x, training: false);

        var expected = DirectConvolution.Run(x.Buffer, Batch, 1, steps, In, layer.Kernel.Value.Buffer, 1, kernel, Filters,
            layer.Bias.Value.Buffer, (1, stride), (1, dilation), padding == "same", out _, out var outSteps);
        Assert.Equal(new Shape(Batch, outSteps, Filters), y.Shape);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], y[i], 4);
        }
    }

    [Theory]
    [InlineData("same", 1, 1)]
    [InlineData("valid", 1, 1)]
    [InlineData("same", 2, 1)]
    [InlineData("valid", 2, 1)]
    [InlineData("same", 1, 2)]
    [InlineData("valid", 2, 2)]
    public void Gradients_match_finite_differences(string padding, int stride, int dilation)
    {
        var layer = new Conv1D(4, 3, padding: padding, strides: stride, dilationRate: dilation);
        layer.Build(new Shape(10, 3), new Rng(3));
        SampleTensors.Randomize(layer.Bias!.Value, 4);
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.Uniform(5, 2, 10, 3));
    }

    [Fact]
    public void Gradients_through_a_smooth_activation_match_finite_differences()
    {
        var layer = new Conv1D(4, 3, activation: "tanh", padding: "same");
        layer.Build(new Shape(7, 2), new Rng(3));
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.Uniform(6, 2, 7, 2));
    }

    [Fact]
    public void Long_outputs_handled_in_several_cache_blocks_match_direct_convolution_and_finite_differences()
    {
        // 2 x 1100 positions x 4 filters = 8,800 outputs: bias, activation and their gradients run in 4,096-value blocks.
        var layer = new Conv1D(4, 3, activation: "tanh", padding: "same");
        layer.Build(new Shape(1100, 2), new Rng(3));
        SampleTensors.Randomize(layer.Bias!.Value, 4);
        var x = SampleTensors.Uniform(5, 2, 1100, 2);
        var y = layer.Forward(x, training: false);
        var z = DirectConvolution.Run(x.Buffer, 2, 1, 1100, 2, layer.Kernel.Value.Buffer, 1, 3, 4, layer.Bias.Value.Buffer,
            (1, 1), (1, 1), same: true, out _, out _);
        for (var i = 0; i < z.Length; i++)
        {
            Assert.True(Math.Abs(Math.Tanh(z[i]) - y[i]) < 1e-5, $"output {i}: {y[i]} vs tanh({z[i]})");
        }

        GradientCheck.AssertGradientsMatch(layer, x);
    }

    [Fact]
    public void Pointwise_kernel_skips_im2col_and_still_matches_finite_differences()
    {
        var layer = new Conv1D(5, 1, useBias: false);
        layer.Build(new Shape(6, 3), new Rng(3));
        Assert.True(layer.Grid.IsPointwise);
        Assert.Single(layer.Parameters);
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.Uniform(6, 2, 6, 3));
    }

    [Fact]
    public void Chunked_batches_give_the_same_output_and_gradients_as_one_chunk()
    {
        // A patch budget of one sample's patches forces one SGEMM per sample.
        var whole = new Conv1D(4, 3, padding: "same", name: "whole");
        var chunked = new Conv1D(4, 3, padding: "same", name: "chunked") { PatchBudget = 8 * 3 * 3 };
        whole.Build(new Shape(8, 3), new Rng(11));
        chunked.Build(new Shape(8, 3), new Rng(11));
        var x = SampleTensors.Uniform(12, 5, 8, 3);
        var dy = SampleTensors.Uniform(13, 5, 8, 4);

        var yWhole = whole.Forward(x, training: true).Clone();
        var yChunked = chunked.Forward(x, training: true).Clone();
        var dxWhole = whole.Backward(dy).Clone();
        var dxChunked = chunked.Backward(dy).Clone();

        Assert.Equal(yWhole.Span.ToArray(), yChunked.Span.ToArray());
        AssertClose(dxWhole, dxChunked);
        AssertClose(whole.Kernel.Gradient, chunked.Kernel.Gradient);
        AssertClose(whole.Bias!.Gradient, chunked.Bias!.Gradient);
        GradientCheck.AssertGradientsMatch(chunked, x);
    }

    [Fact]
    public void Backward_overwrites_gradients_rather_than_accumulating()
    {
        var layer = new Conv1D(3, 3, padding: "same");
        layer.Build(new Shape(5, 2), new Rng(1));
        var x = SampleTensors.Uniform(2, 2, 5, 2);
        var dy = SampleTensors.Uniform(3, 2, 5, 3);
        layer.Forward(x, training: true);
        layer.Backward(dy);
        var first = layer.Kernel.Gradient.Clone();
        layer.Forward(x, training: true);
        layer.Backward(dy);
        Assert.Equal(first.Span.ToArray(), layer.Kernel.Gradient.Span.ToArray());
    }

    [Fact]
    public void Config_and_macs_describe_the_layer()
    {
        var layer = new Conv1D(32, 3, activation: "relu", padding: "same");
        layer.Build(new Shape(30, 1), new Rng(1));
        Assert.Equal("Conv1D", layer.KerasTypeName);
        Assert.Equal("32", layer.Config["filters"]);
        Assert.Equal("(3,)", layer.Config["kernel_size"]);
        Assert.Equal("same", layer.Config["padding"]);
        Assert.Equal("relu", layer.Config["activation"]);
        Assert.Equal("glorot_uniform", layer.Config["kernel_initializer"]);
        // Each of 30 output steps: 3 taps x 1 channel x 32 filters.
        Assert.Equal(30L * 3 * 1 * 32, layer.ForwardMacsPerSample);
    }

    [Fact]
    public void Default_kernel_is_glorot_uniform_and_bias_zero()
    {
        var layer = new Conv1D(16, 3);
        layer.Build(new Shape(20, 4), new Rng(5));
        // Keras fans for a (3, 4, 16) kernel: fan_in = 3*4, fan_out = 3*16; limit = sqrt(6 / (fan_in + fan_out)).
        var limit = Math.Sqrt(6.0 / ((3 * 4) + (3 * 16)));
        var kernel = layer.Kernel.Value.Span.ToArray();
        Assert.All(kernel, v => Assert.InRange(Math.Abs(v), 0, limit));
        Assert.True(kernel.Max(Math.Abs) > 0.8 * limit, "weights should fill the Glorot range");
        Assert.All(layer.Bias!.Value.Span.ToArray(), v => Assert.Equal(0f, v));
    }

    internal static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * (1 + Math.Abs(expected[i])), $"element {i}: {expected[i]} vs {actual[i]}");
        }
    }
}
