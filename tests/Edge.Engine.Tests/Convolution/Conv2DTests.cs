using Edge.Engine.Layers.Convolution;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Convolution;

public class Conv2DTests
{
    [Theory]
    [InlineData(148, 7, 3, 3, "valid", 49, 2)] // Zheng et al.'s Conv2D(32, 3x3, stride 3) on the 148 x 7 week matrix
    [InlineData(148, 7, 3, 3, "same", 50, 3)]
    [InlineData(5, 6, 3, 1, "valid", 3, 4)]
    [InlineData(5, 6, 3, 1, "same", 5, 6)]
    [InlineData(5, 6, 2, 2, "same", 3, 3)]
    public void Output_shape_follows_keras(int rows, int cols, int kernel, int stride, string padding, int outRows, int outCols)
    {
        var layer = new Conv2D(32, kernel, padding: padding, strides: stride);
        layer.Build(new Shape(rows, cols, 1), new Rng(1));
        Assert.Equal(new Shape(outRows, outCols, 32), layer.OutputShape);
        Assert.Equal(new Shape(kernel, kernel, 1, 32), layer.Kernel.Value.Shape);
        // Keras: (kh * kw * in + 1) * filters.
        Assert.Equal(((kernel * kernel * 1) + 1) * 32, layer.ParameterCount);
    }

    [Theory]
    [InlineData("valid", 1, 1, 1)]
    [InlineData("same", 1, 1, 1)]
    [InlineData("same", 2, 3, 1)]
    [InlineData("valid", 2, 1, 1)]
    [InlineData("same", 1, 1, 2)]
    public void Forward_matches_direct_convolution(string padding, int strideRows, int strideCols, int dilation)
    {
        const int Batch = 2, Rows = 7, Cols = 6, In = 3, Filters = 4;
        var layer = new Conv2D(Filters, (3, 2), padding: padding, strides: (strideRows, strideCols), dilationRate: (dilation, dilation));
        layer.Build(new Shape(Rows, Cols, In), new Rng(21));
        SampleTensors.Randomize(layer.Bias!.Value, 22);
        var x = SampleTensors.Uniform(23, Batch, Rows, Cols, In);

        var y = layer.Forward(x, training: false);

        var expected = DirectConvolution.Run(x.Buffer, Batch, Rows, Cols, In, layer.Kernel.Value.Buffer, 3, 2, Filters,
            layer.Bias.Value.Buffer, (strideRows, strideCols), (dilation, dilation), padding == "same", out var oh, out var ow);
        Assert.Equal(new Shape(Batch, oh, ow, Filters), y.Shape);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], y[i], 4);
        }
    }

    [Theory]
    [InlineData("same", 1)]
    [InlineData("valid", 1)]
    [InlineData("same", 2)]
    [InlineData("valid", 2)]
    public void Gradients_match_finite_differences(string padding, int stride)
    {
        var layer = new Conv2D(3, 3, padding: padding, strides: stride);
        layer.Build(new Shape(5, 6, 2), new Rng(31));
        SampleTensors.Randomize(layer.Bias!.Value, 32);
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.Uniform(33, 2, 5, 6, 2));
    }

    /// <summary>
    /// The seed document's "How a CNN Works - A Mathematical Example", done right.
    ///
    /// Image X and filter F (Keras computes a cross-correlation; F is symmetric, so flipping would not matter):
    ///   X = 2 1 0     F = 1 0 1
    ///       1 0 2         0 1 0
    ///       0 1 1         1 0 1
    /// F is 1 on the four corners and the centre, so each output is X at the centre of the window plus X at the four
    /// diagonal neighbours.
    ///
    /// "valid": the only window is the whole image: X00 + X02 + X11 + X20 + X22 = 2 + 0 + 0 + 0 + 1 = 3 (a 1x1 map).
    ///
    /// "same" (one ring of zeros, so the output is 3x3): Y[i,j] = X[i,j] + X[i-1,j-1] + X[i-1,j+1] + X[i+1,j-1] + X[i+1,j+1]
    ///   Y00 = X00 + X11                   = 2 + 0             = 2
    ///   Y01 = X01 + X10 + X12             = 1 + 1 + 2         = 4
    ///   Y02 = X02 + X11                   = 0 + 0             = 0
    ///   Y10 = X10 + X01 + X21             = 1 + 1 + 1         = 3
    ///   Y11 = X11 + X00 + X02 + X20 + X22 = 0 + 2 + 0 + 0 + 1 = 3
    ///   Y12 = X12 + X01 + X21             = 2 + 1 + 1         = 4
    ///   Y20 = X20 + X11                   = 0 + 0             = 0
    ///   Y21 = X21 + X10 + X12             = 1 + 1 + 2         = 4
    ///   Y22 = X22 + X11                   = 1 + 0             = 1
    /// All values are >= 0, so ReLU changes nothing: [[2, 4, 0], [3, 3, 4], [0, 4, 1]].
    ///
    /// The seed prints the map 3 5 5 / 2 0 2 / 5 5 3 (and the same after ReLU). That is wrong:
    /// - a 3x3 filter over a 3x3 image without padding has one position, so a 3x3 map needs padding, which the seed
    ///   never applies; with zero padding the map is the one above;
    /// - its first line (= 3) is the valid result, but its second line multiplies the image by 0 1 0 / 1 0 1 / 0 1 0,
    ///   which is not the filter, and its third line multiplies the filter by 1 0 2 / 1 0 2 / 1 1 1, which is not any
    ///   window of the image (the sums 5 and 5 are right for those wrong operands);
    /// - the other six values are printed with no arithmetic at all.
    /// </summary>
    [Fact]
    public void Seed_worked_example_valid_and_same()
    {
        float[] image = [2, 1, 0, 1, 0, 2, 0, 1, 1];
        float[] filter = [1, 0, 1, 0, 1, 0, 1, 0, 1];

        var valid = new Conv2D(1, 3, activation: "relu", padding: "valid");
        valid.Build(new Shape(3, 3, 1), new Rng(1));
        filter.CopyTo(valid.Kernel.Value.Span);
        var validMap = valid.Forward(Tensor.FromArray(image, 1, 3, 3, 1), training: false);
        Assert.Equal(new Shape(1, 1, 1, 1), validMap.Shape);
        Assert.Equal(3f, validMap[0]);

        var same = new Conv2D(1, 3, activation: "relu", padding: "same");
        same.Build(new Shape(3, 3, 1), new Rng(1));
        filter.CopyTo(same.Kernel.Value.Span);
        var sameMap = same.Forward(Tensor.FromArray(image, 1, 3, 3, 1), training: false);
        Assert.Equal(new Shape(1, 3, 3, 1), sameMap.Shape);
        Assert.Equal([2f, 4f, 0f, 3f, 3f, 4f, 0f, 4f, 1f], sameMap.Span.ToArray());
    }

    [Fact]
    public void Config_and_macs_describe_the_layer()
    {
        var layer = new Conv2D(32, (3, 3), strides: (3, 3));
        layer.Build(new Shape(148, 7, 1), new Rng(1));
        Assert.Equal("Conv2D", layer.KerasTypeName);
        Assert.Equal("(3, 3)", layer.Config["kernel_size"]);
        Assert.Equal("(3, 3)", layer.Config["strides"]);
        Assert.Equal("valid", layer.Config["padding"]);
        Assert.Equal("linear", layer.Config["activation"]);
        Assert.Equal(49L * 2 * 9 * 32, layer.ForwardMacsPerSample);
    }
}
