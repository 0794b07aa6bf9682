using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Merging;
using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Convolution;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Merging;

public class ConcatenatedBranchesTests
{
    [Fact]
    public void Concatenates_branch_outputs_on_the_last_axis()
    {
        // Branch 1 passes the input through; branch 2 is Dense(2) with kernel [[1, 0], [0, 1], [1, 1]] and bias [10, 20].
        var dense = new Dense(2);
        var layer = new ConcatenatedBranches([new Reshape([3]), dense]);
        layer.Build(new Shape(3), new Rng(1));
        float[] kernel = [1, 0, 0, 1, 1, 1];
        kernel.CopyTo(dense.Parameters[0].Value.Span);
        float[] bias = [10, 20];
        bias.CopyTo(dense.Parameters[1].Value.Span);
        Assert.Equal(new Shape(5), layer.OutputShape);

        var y = layer.Forward(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3), training: false);

        // Row 1: [1, 2, 3] then [1 + 3 + 10, 2 + 3 + 20]; row 2: [4, 5, 6] then [4 + 6 + 10, 5 + 6 + 20].
        Assert.Equal([1f, 2f, 3f, 14f, 25f, 4f, 5f, 6f, 20f, 31f], y.Span.ToArray());
        Assert.Equal(dense.Parameters.ToArray(), layer.Parameters.ToArray());
        // The config records the branches' architecture (not their automatic names), as checkpoints compare it.
        Assert.Equal("Reshape{target_shape=(3,)};Dense{activation=linear,bias_initializer=zeros,kernel_initializer=glorot_uniform,units=2,use_bias=true}",
            layer.Config["branches"]);
    }

    [Fact]
    public void Wide_and_deep_gradients_match_finite_differences()
    {
        // Two weeks of daily values: the wide branch sees the 14-vector, the deep branch the 2 x 7 matrix.
        var wide = new Sequential([new Dense(3, activation: "tanh")]);
        var deep = new Sequential(
        [
            new Reshape([2, 7, 1]),
            new Conv2D(2, 3, activation: "tanh", padding: "same"),
            new Flatten(),
            new Dense(3, activation: "tanh"),
        ]);
        var layer = new ConcatenatedBranches([wide, deep]);
        layer.Build(new Shape(14), new Rng(5));
        Assert.Equal(new Shape(6), layer.OutputShape);
        var x = SampleTensors.Uniform(6, 2, 14);
        GradientCheck.AssertGradientsMatch(layer, x);

        // Steady state: a second training step allocates nothing.
        var dy = SampleTensors.Uniform(7, 2, 6);
        layer.Forward(x, training: true);
        layer.Backward(dy);
        var before = GC.GetAllocatedBytesForCurrentThread();
        layer.Forward(x, training: true);
        layer.Backward(dy);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Zheng_wide_and_deep_layout_builds_with_keras_parameter_counts()
    {
        // Layer sizes of Zheng et al. 2018's released code (wide Dense(128); deep Conv2D(32, 3x3) on 148 weeks x 7 days,
        // max pooling 3x3, Dense(128); head Dense(64), sigmoid), without their fixed pre-filter, on 1,036 days.
        var wide = new Sequential([new Dense(128, activation: "relu")], name: "wide");
        var deep = new Sequential(
        [
            new Reshape([148, 7, 1]),
            new Conv2D(32, 3, activation: "relu", padding: "same"),
            new MaxPooling2D(3, padding: "same"),
            new Flatten(),
            new Dense(128, activation: "relu"),
        ], name: "deep");
        var model = new Sequential([new ConcatenatedBranches([wide, deep]), new Dense(64, activation: "relu"), new Dense(1, activation: "sigmoid")],
            new Shape(1036));
        model.Build(seed: 3);

        // Keras: Dense (in + 1) * units; Conv2D (3*3*1 + 1) * 32; pooling "same" 148 x 7 → ceil(148/3) x ceil(7/3) = 50 x 3.
        var wideCount = (1036 + 1) * 128;
        var deepCount = ((3 * 3 * 1) + 1) * 32 + ((50 * 3 * 32) + 1) * 128;
        var headCount = ((128 + 128 + 1) * 64) + (64 + 1);
        Assert.Equal(wideCount, wide.ParameterCount);
        Assert.Equal(deepCount, deep.ParameterCount);
        Assert.Equal(wideCount + deepCount + headCount, model.ParameterCount);

        var y = model.Forward(SampleTensors.Uniform(4, 2, 1036), training: false);
        Assert.Equal(new Shape(2, 1), y.Shape);
        Assert.All(y.Span.ToArray(), p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Rejects_branches_that_cannot_be_concatenated()
    {
        var layer = new ConcatenatedBranches([new Reshape([2, 3]), new Reshape([6])]);
        var error = Assert.Throws<ArgumentException>(() => layer.Build(new Shape(6), new Rng(1)));
        Assert.Contains("cannot be concatenated", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ConcatenatedBranches([new Flatten()]));
    }
}
