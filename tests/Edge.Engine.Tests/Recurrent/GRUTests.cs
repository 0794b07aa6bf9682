using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Recurrent;

public class GRUTests
{
    // 4 units run only the scalar tail of the vectorised backward; 9 run SIMD vectors and a tail (4 or 8 lanes).
    [Theory]
    [InlineData(false, 4)]
    [InlineData(true, 4)]
    [InlineData(true, 9)]
    public void Gradients_match_finite_differences_over_six_steps(bool returnSequences, int units)
    {
        var gru = new GRU(units, returnSequences);
        gru.Build(new Shape(6, 3), new Rng(41));
        RecurrentTesting.Randomize(gru.Bias.Value, new Rng(42), 0.5f);
        GradientCheck.AssertGradientsMatch(gru, RecurrentTesting.RandomInput(new Rng(43), 2, 6, 3));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Forward_matches_a_plain_double_precision_loop(bool returnSequences)
    {
        const int batch = 2, steps = 6, features = 2, units = 3;
        var gru = new GRU(units, returnSequences);
        gru.Build(new Shape(steps, features), new Rng(51));
        RecurrentTesting.Randomize(gru.Bias.Value, new Rng(52), 0.5f);
        var input = RecurrentTesting.RandomInput(new Rng(53), batch, steps, features);

        RecurrentTesting.AssertForwardMatches(gru, input, () =>
        {
            var h = new double[units];
            return x =>
            {
                // Keras GRUCell with reset_after: x-side and h-side products kept apart, each with its own bias row.
                var fromInput = RecurrentTesting.Affine(x, gru.Kernel.Value, gru.Bias.Value);
                var fromState = RecurrentTesting.Affine(h, gru.RecurrentKernel.Value, gru.Bias.Value, 3 * units);
                var next = new double[units];
                for (var j = 0; j < units; j++)
                {
                    var z = RecurrentTesting.Sigmoid(fromInput[j] + fromState[j]);
                    var r = RecurrentTesting.Sigmoid(fromInput[units + j] + fromState[units + j]);
                    var g = Math.Tanh(fromInput[(2 * units) + j] + (r * fromState[(2 * units) + j]));
                    next[j] = (z * h[j]) + ((1 - z) * g);
                }

                h = next;
                return h;
            };
        });
    }

    [Theory]
    [InlineData(1, 64, 12_864)]
    [InlineData(5, 8, 360)]
    public void Parameter_count_is_keras_reset_after_formula(int features, int units, long expected)
    {
        var gru = new GRU(units);
        gru.Build(new Shape(4, features), new Rng(1));
        Assert.Equal(3L * units * (features + units + 2), gru.ParameterCount);
        Assert.Equal(expected, gru.ParameterCount);
        Assert.Equal(new Shape(2, 3 * units), gru.Bias.Value.Shape);
        Assert.All(gru.Bias.Value.ReadOnlySpan.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Forward_and_backward_allocate_nothing_after_warm_up()
    {
        var gru = new GRU(8, returnSequences: true);
        gru.Build(new Shape(9, 2), new Rng(1));
        var input = RecurrentTesting.RandomInput(new Rng(2), 4, 9, 2);
        var gradient = RecurrentTesting.RandomInput(new Rng(3), 4, 9, 8);
        RecurrentTesting.AssertNoSteadyStateAllocation(() =>
        {
            gru.Forward(input, training: true);
            gru.Backward(gradient);
        });
    }
}
