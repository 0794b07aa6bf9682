using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Recurrent;

public class SimpleRNNTests
{
    [Theory]
    [InlineData(false, "tanh")]
    [InlineData(true, "tanh")]
    [InlineData(true, "sigmoid")]
    public void Gradients_match_finite_differences_over_six_steps(bool returnSequences, string activation)
    {
        var rnn = new SimpleRNN(4, returnSequences, activation);
        rnn.Build(new Shape(6, 3), new Rng(21));
        RecurrentTesting.Randomize(rnn.Bias.Value, new Rng(22), 0.5f);
        GradientCheck.AssertGradientsMatch(rnn, RecurrentTesting.RandomInput(new Rng(23), 2, 6, 3));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Forward_matches_a_plain_double_precision_loop(bool returnSequences)
    {
        const int batch = 2, steps = 7, features = 3, units = 5;
        var rnn = new SimpleRNN(units, returnSequences);
        rnn.Build(new Shape(steps, features), new Rng(31));
        RecurrentTesting.Randomize(rnn.Bias.Value, new Rng(32), 0.5f);
        var input = RecurrentTesting.RandomInput(new Rng(33), batch, steps, features);

        RecurrentTesting.AssertForwardMatches(rnn, input, () =>
        {
            var h = new double[units];
            return x =>
            {
                // h_t = tanh(x_t W + b + h_{t-1} U)
                var z = RecurrentTesting.Affine(x, rnn.Kernel.Value, rnn.Bias.Value);
                var r = RecurrentTesting.Affine(h, rnn.RecurrentKernel.Value);
                h = z.Zip(r, (a, b) => Math.Tanh(a + b)).ToArray();
                return h;
            };
        });
    }

    [Fact]
    public void Seed_worked_example_computed_correctly()
    {
        // The seed's "How an RNN Works - A Mathematical Example": sequence [1, 2, 3, 4, 5], hidden size 2, tanh,
        // Input Weights [0.1, 0.2], Hidden State Weights [0.3, 0.4], Biases [0.5, 0.6].
        // Interpretation: with one input feature W = [[0.1, 0.2]] (1 x 2), entry k feeding unit k, and the biases
        // likewise [0.5, 0.6] per unit. "Hidden State Weights: [0.3, 0.4]" gives one number per unit, so it is read
        // as each unit's weight on its own previous state: U = diag(0.3, 0.4). This is also the only reading
        // under which the seed's own first-unit recurrence term (previous h_1 * 0.3) is right; the seed never
        // updates the second unit, so nothing in it pins off-diagonal terms.
        //
        // Where the seed goes wrong: step 1 adds a stray (0.1 * 0.2) = 0.02 (the second unit's input weight times
        // the first unit's input weight) and prints tanh(0.62) = 0.5433; from step 2 on it uses the second unit's
        // bias 0.6 for the first unit; it keeps the second unit at 0 throughout. It printed the first unit as
        // 0.5433, 0.7427, 0.8197, 0.8482, 0.8809.
        //
        // Correct, by hand: h_t[k] = tanh(x_t * W[k] + h_{t-1}[k] * U[k][k] + b[k])
        //   t=1: unit 1 = tanh(1*0.1 + 0*0.3 + 0.5) = tanh(0.6) = 0.537050
        //        unit 2 = tanh(1*0.2 + 0*0.4 + 0.6) = tanh(0.8) = 0.664037
        //   t=2: unit 1 = tanh(2*0.1 + 0.537050*0.3 + 0.5) = tanh(0.861115) = 0.696832
        //        unit 2 = tanh(2*0.2 + 0.664037*0.4 + 0.6) = tanh(1.265615) = 0.852605
        var rnn = new SimpleRNN(2, returnSequences: true);
        rnn.Build(new Shape(5, 1), new Rng(1));
        double[] inputWeights = [0.1, 0.2], hiddenWeights = [0.3, 0.4], biases = [0.5, 0.6];
        var recurrent = rnn.RecurrentKernel.Value;
        recurrent.Clear();
        for (var k = 0; k < 2; k++)
        {
            rnn.Kernel.Value[k] = (float)inputWeights[k];
            recurrent[(k * 2) + k] = (float)hiddenWeights[k];
            rnn.Bias.Value[k] = (float)biases[k];
        }

        var output = rnn.Forward(Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 1, 5, 1), training: false);

        Assert.Equal(Math.Tanh(0.6), output[0], 6);
        Assert.Equal(Math.Tanh(0.8), output[1], 6);
        Assert.Equal(Math.Tanh((2 * 0.1) + (Math.Tanh(0.6) * 0.3) + 0.5), output[2], 6);
        Assert.Equal(Math.Tanh((2 * 0.2) + (Math.Tanh(0.8) * 0.4) + 0.6), output[3], 6);
        double[] h = [0, 0];
        for (var t = 0; t < 5; t++)
        {
            for (var k = 0; k < 2; k++)
            {
                h[k] = Math.Tanh(((t + 1) * inputWeights[k]) + (h[k] * hiddenWeights[k]) + biases[k]);
                Assert.Equal(h[k], output[(t * 2) + k], 6);
            }
        }

        // After five steps h = [0.846384, 0.962382]; the seed's 0.8809 for the first unit is wrong.
        Assert.Equal(0.846384, output[8], 5);
        Assert.Equal(0.962382, output[9], 5);
    }

    [Theory]
    [InlineData(1, 128, 16_640)]   // seed-rnn: SimpleRNN(128) on one feature, 128 * (1 + 128 + 1)
    [InlineData(7, 32, 1_280)]
    public void Parameter_count_is_keras_formula(int features, int units, long expected)
    {
        var rnn = new SimpleRNN(units);
        rnn.Build(new Shape(10, features), new Rng(1));
        Assert.Equal((long)units * (features + units + 1), rnn.ParameterCount);
        Assert.Equal(expected, rnn.ParameterCount);
        Assert.Equal(["kernel", "recurrent_kernel", "bias"], rnn.Parameters.Select(p => p.Name).ToArray());
        Assert.Equal(new Shape(features, units), rnn.Kernel.Value.Shape);
        Assert.Equal(new Shape(units, units), rnn.RecurrentKernel.Value.Shape);
        RecurrentTesting.AssertRowsOrthonormal(rnn.RecurrentKernel.Value);
    }

    [Fact]
    public void Forward_and_backward_allocate_nothing_after_warm_up()
    {
        var rnn = new SimpleRNN(8);
        rnn.Build(new Shape(9, 2), new Rng(1));
        var input = RecurrentTesting.RandomInput(new Rng(2), 4, 9, 2);
        var gradient = RecurrentTesting.RandomInput(new Rng(3), 4, 8);
        RecurrentTesting.AssertNoSteadyStateAllocation(() =>
        {
            rnn.Forward(input, training: true);
            rnn.Backward(gradient);
        });
    }

    [Fact]
    public void Unknown_activation_is_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new SimpleRNN(4, activation: "swishy"));
        Assert.Contains("swishy", error.Message, StringComparison.Ordinal);
    }
}
