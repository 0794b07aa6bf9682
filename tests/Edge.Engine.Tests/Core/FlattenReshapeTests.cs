using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Convolution;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Core;

public class FlattenReshapeTests
{
    [Fact]
    public void Flatten_keeps_row_major_order()
    {
        var layer = new Flatten();
        layer.Build(new Shape(1034, 512), new Rng(1));
        Assert.Equal(new Shape(1034 * 512), layer.OutputShape);

        var small = new Flatten();
        small.Build(new Shape(2, 3), new Rng(1));
        var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f], 2, 2, 3);
        var y = small.Forward(x, training: false);
        Assert.Equal(new Shape(2, 6), y.Shape);
        Assert.Equal(x.Span.ToArray(), y.Span.ToArray());
        var dx = small.Backward(Tensor.FromArray([.. Enumerable.Range(0, 12).Select(i => (float)i)], 2, 6));
        Assert.Equal(new Shape(2, 2, 3), dx.Shape);
        Assert.Equal(5f, dx[5]);
    }

    [Theory]
    [InlineData(new[] { 148, 7, 1 }, new[] { 148, 7, 1 })]
    [InlineData(new[] { -1, 7, 1 }, new[] { 148, 7, 1 })]
    [InlineData(new[] { 148, -1 }, new[] { 148, 7 })]
    public void Reshape_infers_one_unknown_dimension(int[] target, int[] expected)
    {
        // Zheng et al.: the 1,036-day series viewed as 148 weeks x 7 days.
        var layer = new Reshape(target);
        layer.Build(new Shape(1036), new Rng(1));
        Assert.Equal(new Shape(expected), layer.OutputShape);
    }

    [Fact]
    public void Reshape_rejects_a_target_that_does_not_fit()
    {
        var layer = new Reshape([100, 7]);
        var error = Assert.Throws<ArgumentException>(() => layer.Build(new Shape(1036), new Rng(1)));
        Assert.Contains("1036 elements", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Reshape([-1, -1]).Build(new Shape(1036), new Rng(1)));
        Assert.Throws<ArgumentException>(() => new Reshape([-1, 5]).Build(new Shape(1036), new Rng(1)));
    }

    [Fact]
    public void Reshape_config_keeps_the_target_as_written()
    {
        Assert.Equal("(-1, 7, 1)", new Reshape([-1, 7, 1]).Config["target_shape"]);
        Assert.Equal("(10,)", new Reshape([10]).Config["target_shape"]);
    }

    [Fact]
    public void View_layers_pass_gradients_through_unchanged()
    {
        var layer = new Reshape([3, 2]);
        layer.Build(new Shape(6), new Rng(1));
        GradientCheck.AssertGradientsMatch(layer, SampleTensors.Uniform(1, 2, 6));
    }
}
