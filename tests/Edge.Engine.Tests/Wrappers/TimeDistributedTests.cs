using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Wrappers;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Wrappers;

public class TimeDistributedTests
{
    [Fact]
    public void Applies_the_inner_layer_to_each_timestep_with_shared_weights()
    {
        const int batch = 2, steps = 3, features = 4, units = 5;
        var wrapped = new TimeDistributed(new Dense(units, activation: "tanh"));
        wrapped.Build(new Shape(steps, features), new Rng(1));
        var input = Random(new Rng(2), batch, steps, features);

        var output = wrapped.Forward(input, training: false).Clone();

        Assert.Equal(new Shape(batch, steps, units), output.Shape);
        Assert.Equal(new Shape(steps, units), wrapped.OutputShape);
        var dense = (Dense)wrapped.Layer;
        for (var b = 0; b < batch; b++)
        {
            for (var t = 0; t < steps; t++)
            {
                var slice = Tensor.FromArray(input.ReadOnlySpan.Slice(((b * steps) + t) * features, features).ToArray(), 1, features);
                var expected = dense.Forward(slice, training: false);
                for (var j = 0; j < units; j++)
                {
                    Assert.Equal(expected[j], output[(((b * steps) + t) * units) + j], 6);
                }
            }
        }
    }

    [Fact]
    public void Gradients_of_wrapped_dense_match_finite_differences()
    {
        var wrapped = new TimeDistributed(new Dense(3, activation: "tanh"));
        wrapped.Build(new Shape(5, 4), new Rng(3));
        GradientCheck.AssertGradientsMatch(wrapped, Random(new Rng(4), 2, 5, 4));
    }

    [Fact]
    public void Gradients_of_wrapped_conv1d_match_finite_differences()
    {
        // Each timestep is a (length, channels) signal, as in the seed's hybrid model.
        var wrapped = new TimeDistributed(new Conv1D(3, 3, activation: "tanh", padding: "same"));
        wrapped.Build(new Shape(4, 6, 2), new Rng(5));
        var output = wrapped.Forward(Random(new Rng(6), 2, 4, 6, 2), training: false);
        Assert.Equal(new Shape(2, 4, 6, 3), output.Shape);
        GradientCheck.AssertGradientsMatch(wrapped, Random(new Rng(6), 2, 4, 6, 2));
    }

    [Fact]
    public void Weights_are_the_inner_layers_weights()
    {
        var dense = new Dense(7);
        var wrapped = new TimeDistributed(dense);
        wrapped.Build(new Shape(30, 3), new Rng(1));
        Assert.Same(dense.Parameters[0], wrapped.Parameters[0]);
        Assert.Equal((3 * 7) + 7, wrapped.ParameterCount);
    }

    [Fact]
    public void Config_describes_the_inner_architecture_not_its_generated_name()
    {
        // Checkpoints compare configs, so two separately constructed but identical models must describe alike.
        var first = new TimeDistributed(new Dense(4, activation: "relu"));
        var second = new TimeDistributed(new Dense(4, activation: "relu"));
        Assert.NotEqual(first.Layer.Name, second.Layer.Name);
        Assert.Equal(first.Config["layer"], second.Config["layer"]);
        Assert.StartsWith("Dense{", first.Config["layer"], StringComparison.Ordinal);
        Assert.Contains("units=4", first.Config["layer"], StringComparison.Ordinal);
    }

    [Fact]
    public void Inner_layer_built_for_another_shape_is_reported()
    {
        var dense = new Dense(2);
        dense.Build(new Shape(5), new Rng(1));
        var wrapped = new TimeDistributed(dense, name: "per_step");
        var error = Assert.Throws<ArgumentException>(() => wrapped.Build(new Shape(10, 4), new Rng(1)));
        Assert.Contains("per_step", error.Message, StringComparison.Ordinal);
        Assert.Contains("(None, 5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_and_backward_allocate_nothing_after_warm_up()
    {
        var wrapped = new TimeDistributed(new Dense(6, activation: "relu"));
        wrapped.Build(new Shape(8, 3), new Rng(1));
        var input = Random(new Rng(2), 4, 8, 3);
        var gradient = Random(new Rng(3), 4, 8, 6);
        Recurrent.RecurrentTesting.AssertNoSteadyStateAllocation(() =>
        {
            wrapped.Forward(input, training: true);
            wrapped.Backward(gradient);
        });
    }

    private static Tensor Random(Rng rng, params int[] dims) => Recurrent.RecurrentTesting.RandomInput(rng, dims);
}
