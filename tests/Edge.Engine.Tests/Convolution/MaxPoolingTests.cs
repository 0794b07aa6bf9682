using Edge.Engine.Layers.Convolution;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Convolution;

public class MaxPoolingTests
{
    [Theory]
    [InlineData(10, 2, null, "valid", 5)]
    [InlineData(11, 2, null, "valid", 5)]
    [InlineData(11, 2, null, "same", 6)]
    [InlineData(10, 3, 1, "valid", 8)]
    [InlineData(10, 3, 1, "same", 10)]
    [InlineData(1034, 1, null, "valid", 1034)]
    public void Output_shape_follows_keras(int steps, int pool, int? stride, string padding, int expectedSteps)
    {
        var layer = new MaxPooling1D(pool, stride, padding);
        layer.Build(new Shape(steps, 4), new Rng(1));
        Assert.Equal(new Shape(expectedSteps, 4), layer.OutputShape);
        Assert.Equal(0, layer.ParameterCount);
    }

    [Fact]
    public void Pool_size_one_is_the_identity_as_in_the_seed_cnn()
    {
        var layer = new MaxPooling1D(1);
        layer.Build(new Shape(6, 3), new Rng(1));
        var x = SampleTensors.Uniform(2, 2, 6, 3);
        var y = layer.Forward(x, training: true);
        Assert.Equal(x.Span.ToArray(), y.Span.ToArray());
        var dy = SampleTensors.Uniform(3, 2, 6, 3);
        Assert.Equal(dy.Span.ToArray(), layer.Backward(dy).Span.ToArray());
    }

    [Fact]
    public void Max_pooling_1d_by_hand_with_same_padding_ignoring_the_pad()
    {
        // Steps 5, pool 2, stride 2, "same": output ceil(5/2) = 3, total pad (3-1)*2 + 2 - 5 = 1, all after the data,
        // so the windows are {0,1}, {2,3}, {4, pad}. The pad is ignored (not zero): the last window of channel 1,
        // holding only -4, gives -4.
        float[] x =
        [
            1, -1,
            3, -2,
            2, -7,
            0, -3,
            5, -4,
        ];
        var layer = new MaxPooling1D(2, padding: "same");
        layer.Build(new Shape(5, 2), new Rng(1));
        var y = layer.Forward(Tensor.FromArray(x, 1, 5, 2), training: false);
        Assert.Equal([3f, -1f, 2f, -3f, 5f, -4f], y.Span.ToArray());

        // Backward sends each gradient to the winner: steps 1, 2, 4 of channel 0 and 0, 3, 4 of channel 1.
        var dx = layer.Backward(Tensor.FromArray([10f, 20f, 30f, 40f, 50f, 60f], 1, 3, 2));
        Assert.Equal([0f, 20f, 10f, 0f, 30f, 0f, 0f, 40f, 50f, 60f], dx.Span.ToArray());
    }

    [Fact]
    public void Max_pooling_2d_by_hand()
    {
        // 4x4 single channel, pool 2x2, stride 2: the maximum of each 2x2 block.
        float[] x =
        [
            1, 2, 5, 0,
            3, 4, 1, 1,
            0, 9, 2, 8,
            7, 6, 3, 4,
        ];
        var layer = new MaxPooling2D(2);
        layer.Build(new Shape(4, 4, 1), new Rng(1));
        var y = layer.Forward(Tensor.FromArray(x, 1, 4, 4, 1), training: false);
        Assert.Equal(new Shape(1, 2, 2, 1), y.Shape);
        Assert.Equal([4f, 5f, 9f, 8f], y.Span.ToArray());
    }

    [Fact]
    public void Overlapping_windows_add_gradients_on_a_shared_winner()
    {
        // Pool 3, stride 1: the 9 at step 2 wins all three windows, so it receives the sum of their gradients.
        var layer = new MaxPooling1D(3, 1);
        layer.Build(new Shape(5, 1), new Rng(1));
        layer.Forward(Tensor.FromArray([1f, 2f, 9f, 3f, 4f], 1, 5, 1), training: true);
        var dx = layer.Backward(Tensor.FromArray([1f, 10f, 100f], 1, 3, 1));
        Assert.Equal([0f, 0f, 111f, 0f, 0f], dx.Span.ToArray());
    }

    [Theory]
    [InlineData(2, null, "valid")]
    [InlineData(3, 2, "same")]
    [InlineData(3, 1, "same")]
    public void Gradients_1d_match_finite_differences(int pool, int? stride, string padding)
    {
        var layer = new MaxPooling1D(pool, stride, padding);
        layer.Build(new Shape(9, 3), new Rng(1));
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.DistinctRamp(4, 2, 9, 3));
    }

    [Theory]
    [InlineData(2, "valid")]
    [InlineData(3, "same")]
    public void Gradients_2d_match_finite_differences(int pool, string padding)
    {
        var layer = new MaxPooling2D(pool, padding: padding);
        layer.Build(new Shape(5, 7, 2), new Rng(1));
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.DistinctRamp(5, 2, 5, 7, 2));
    }

    [Fact]
    public void Config_uses_keras_keys()
    {
        var layer = new MaxPooling2D((3, 3));
        Assert.Equal("(3, 3)", layer.Config["pool_size"]);
        Assert.Equal("(3, 3)", layer.Config["strides"]);
        Assert.Equal("valid", layer.Config["padding"]);
        Assert.Equal("MaxPooling2D", layer.KerasTypeName);
    }

    [Fact]
    public void Global_pooling_by_hand()
    {
        // Steps 3, channels 2: max [5, 0], mean [(1 + 5 + 3) / 3, (-1 + 0 - 2) / 3] = [3, -1].
        var x = Tensor.FromArray([1f, -1f, 5f, 0f, 3f, -2f], 1, 3, 2);
        var max = new GlobalMaxPooling1D();
        max.Build(new Shape(3, 2), new Rng(1));
        Assert.Equal([5f, 0f], max.Forward(x, training: false).Span.ToArray());
        Assert.Equal(new Shape(2), max.OutputShape);
        var average = new GlobalAveragePooling1D();
        average.Build(new Shape(3, 2), new Rng(1));
        Assert.Equal([3f, -1f], average.Forward(x, training: false).Span.ToArray());
        Assert.Equal([2f, 4f, 2f, 4f, 2f, 4f], average.Backward(Tensor.FromArray([6f, 12f], 1, 2)).Span.ToArray());
    }

    [Fact]
    public void Global_pooling_gradients_match_finite_differences()
    {
        var max = new GlobalMaxPooling1D();
        max.Build(new Shape(5, 3), new Rng(1));
        GradientCheck.AssertGradientsMatch(max, SampleTensors.DistinctRamp(7, 2, 5, 3));
        var average = new GlobalAveragePooling1D();
        average.Build(new Shape(5, 3), new Rng(1));
        GradientCheck.AssertGradientsMatch(average, SampleTensors.Uniform(8, 2, 5, 3));
    }
}
