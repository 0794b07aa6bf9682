using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Recurrent;

public class LSTMTests
{
    // 4 units run only the fused kernel's scalar tail; 9 run SIMD vectors and a tail (4 or 8 lanes).
    [Theory]
    [InlineData(false, 4)]
    [InlineData(true, 4)]
    [InlineData(false, 9)]
    public void Gradients_match_finite_differences_over_six_steps(bool returnSequences, int units)
    {
        var lstm = new LSTM(units, returnSequences);
        lstm.Build(new Shape(6, 3), new Rng(7));
        RecurrentTesting.Randomize(lstm.Bias.Value, new Rng(8), 0.5f);
        GradientCheck.AssertGradientsMatch(lstm, RecurrentTesting.RandomInput(new Rng(9), 2, 6, 3));
    }

    // One step (the seed's CNN-LSTM) or one sample: the layer then reads its input and writes its input gradient in
    // place instead of through time-major copies.
    [Theory]
    [InlineData(3, 1, false)]
    [InlineData(3, 1, true)]
    [InlineData(1, 4, false)]
    [InlineData(1, 4, true)]
    public void Gradients_match_finite_differences_with_one_step_or_one_sample(int batch, int steps, bool returnSequences)
    {
        var lstm = new LSTM(5, returnSequences);
        lstm.Build(new Shape(steps, 3), new Rng(7));
        RecurrentTesting.Randomize(lstm.Bias.Value, new Rng(8), 0.5f);
        GradientCheck.AssertGradientsMatch(lstm, RecurrentTesting.RandomInput(new Rng(9), batch, steps, 3));
    }

    [Fact]
    public void Switching_between_one_step_and_several_steps_keeps_gradients_right()
    {
        // The in-place path (steps 1) and the copying path (steps 4) share buffers: run one, then check the other.
        var lstm = new LSTM(5);
        lstm.Build(new Shape(4, 3), new Rng(7));
        lstm.Forward(RecurrentTesting.RandomInput(new Rng(1), 1, 4, 3), training: true);
        GradientCheck.AssertGradientsMatch(lstm, RecurrentTesting.RandomInput(new Rng(9), 2, 4, 3));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Forward_matches_a_plain_double_precision_loop(bool returnSequences)
    {
        const int batch = 3, steps = 5, features = 2, units = 3;
        var lstm = new LSTM(units, returnSequences);
        lstm.Build(new Shape(steps, features), new Rng(11));
        RecurrentTesting.Randomize(lstm.Bias.Value, new Rng(12), 0.5f);
        var input = RecurrentTesting.RandomInput(new Rng(13), batch, steps, features);

        RecurrentTesting.AssertForwardMatches(lstm, input, () =>
        {
            double[] h = new double[units], c = new double[units];
            return x =>
            {
                // z = x W + b + h U; z[g * units + j] for gate g in Keras's order i, f, c, o.
                var z = RecurrentTesting.Affine(x, lstm.Kernel.Value, lstm.Bias.Value);
                var r = RecurrentTesting.Affine(h, lstm.RecurrentKernel.Value);
                for (var j = 0; j < units; j++)
                {
                    var i = RecurrentTesting.Sigmoid(z[j] + r[j]);
                    var f = RecurrentTesting.Sigmoid(z[units + j] + r[units + j]);
                    var g = Math.Tanh(z[(2 * units) + j] + r[(2 * units) + j]);
                    var o = RecurrentTesting.Sigmoid(z[(3 * units) + j] + r[(3 * units) + j]);
                    c[j] = (f * c[j]) + (i * g);
                    h[j] = o * Math.Tanh(c[j]);
                }

                return (double[])h.Clone();
            };
        });
    }

    [Fact]
    public void Seed_worked_example_computed_correctly()
    {
        // The seed's "How an LSTM Works - A Mathematical Example": sequence [1, 2, 3, 4, 5], one input feature,
        // hidden size 2, per-gate input weights Forget [0.1, 0.2], Input [0.3, 0.4], Candidate [0.5, 0.6],
        // Output [0.7, 0.8]; hidden-state weights Forget [0.9, 1.0], Input [1.1, 1.2], Candidate [1.3, 1.4],
        // Output [1.5, 1.6]; biases Forget 0.17, Input 0.18, Candidate 0.19, Output 0.20 (one per gate).
        // Interpretation (the same as for the RNN example): entry k of each pair belongs to unit k, and a hidden-state
        // weight is unit k's weight on its own previous state, so every gate's recurrent matrix is diagonal and each
        // gate bias is shared by both units. The two units are then independent one-unit LSTMs.
        //
        // Where the seed goes wrong: it never applies sigmoid to the gates nor tanh to the candidate (it uses
        // 0.27, 0.48, 0.69, 0.90 directly); its "combined input" adds a weight for the second unit times a state
        // of the first unit (step 2 multiplies the previous CELL state 0.3312 by the forget gate's second hidden
        // weight 1.0); its "new cell state" lines are not c = f*c_prev + i*g (they print c = 0.90 * 0.69 = 0.621
        // and h = tanh(0.621) = 0.5456 with no output gate); and it stops after two steps. It printed
        // h_1 = [0.5456, 0] and h_2 = [0.5596, ...].
        //
        // Correct step 1, unit 1 (h_0 = c_0 = 0, x = 1):
        //   f = sigmoid(0.1 + 0.17) = sigmoid(0.27) = 0.567093
        //   i = sigmoid(0.3 + 0.18) = sigmoid(0.48) = 0.617748
        //   g = tanh(0.5 + 0.19)    = tanh(0.69)    = 0.597982
        //   o = sigmoid(0.7 + 0.20) = sigmoid(0.90) = 0.710950
        //   c = f*0 + i*g = 0.369402,  h = o * tanh(c) = 0.710950 * 0.353468 = 0.251298
        var lstm = new LSTM(2, returnSequences: true);
        lstm.Build(new Shape(5, 1), new Rng(1));
        double[] inputForget = [0.1, 0.2], inputInput = [0.3, 0.4], inputCandidate = [0.5, 0.6], inputOutput = [0.7, 0.8];
        double[] hiddenForget = [0.9, 1.0], hiddenInput = [1.1, 1.2], hiddenCandidate = [1.3, 1.4], hiddenOutput = [1.5, 1.6];
        double biasForget = 0.17, biasInput = 0.18, biasCandidate = 0.19, biasOutput = 0.20;

        // Keras packs the gates [i | f | c | o], each 2 units wide.
        var kernel = lstm.Kernel.Value;
        var recurrent = lstm.RecurrentKernel.Value;
        var bias = lstm.Bias.Value;
        recurrent.Clear();
        for (var k = 0; k < 2; k++)
        {
            kernel[k] = (float)inputInput[k];
            kernel[2 + k] = (float)inputForget[k];
            kernel[4 + k] = (float)inputCandidate[k];
            kernel[6 + k] = (float)inputOutput[k];
            recurrent[(k * 8) + k] = (float)hiddenInput[k];
            recurrent[(k * 8) + 2 + k] = (float)hiddenForget[k];
            recurrent[(k * 8) + 4 + k] = (float)hiddenCandidate[k];
            recurrent[(k * 8) + 6 + k] = (float)hiddenOutput[k];
            bias[k] = (float)biasInput;
            bias[2 + k] = (float)biasForget;
            bias[4 + k] = (float)biasCandidate;
            bias[6 + k] = (float)biasOutput;
        }

        var output = lstm.Forward(Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 1, 5, 1), training: false);

        Assert.Equal(0.251298, output[0], 5);
        double[] h = [0, 0], c = [0, 0];
        for (var t = 0; t < 5; t++)
        {
            double x = t + 1;
            for (var k = 0; k < 2; k++)
            {
                var f = RecurrentTesting.Sigmoid((x * inputForget[k]) + (h[k] * hiddenForget[k]) + biasForget);
                var i = RecurrentTesting.Sigmoid((x * inputInput[k]) + (h[k] * hiddenInput[k]) + biasInput);
                var g = Math.Tanh((x * inputCandidate[k]) + (h[k] * hiddenCandidate[k]) + biasCandidate);
                var o = RecurrentTesting.Sigmoid((x * inputOutput[k]) + (h[k] * hiddenOutput[k]) + biasOutput);
                c[k] = (f * c[k]) + (i * g);
                h[k] = o * Math.Tanh(c[k]);
                Assert.Equal(h[k], output[(t * 2) + k], 5);
            }
        }

        // After five steps h = [0.984855, 0.993390].
        Assert.Equal(0.984855, output[8], 5);
        Assert.Equal(0.993390, output[9], 5);
    }

    [Theory]
    [InlineData(false, new[] { 4, 8 })]
    [InlineData(true, new[] { 4, 30, 8 })]
    public void Output_shape_follows_return_sequences(bool returnSequences, int[] expected)
    {
        var lstm = new LSTM(8, returnSequences);
        lstm.Build(new Shape(30, 3), new Rng(1));
        var output = lstm.Forward(new Tensor(4, 30, 3), training: false);
        Assert.Equal(new Shape(expected), output.Shape);
        Assert.Equal(new Shape(expected[1..]), lstm.OutputShape);
    }

    [Fact]
    public void Weights_follow_keras_names_shapes_and_initial_values()
    {
        const int features = 3, units = 5;
        var lstm = new LSTM(units);
        lstm.Build(new Shape(10, features), new Rng(3));

        Assert.Equal(["kernel", "recurrent_kernel", "bias"], lstm.Parameters.Select(p => p.Name));
        Assert.Equal(new Shape(features, 4 * units), lstm.Kernel.Value.Shape);
        Assert.Equal(new Shape(units, 4 * units), lstm.RecurrentKernel.Value.Shape);
        Assert.Equal(new Shape(4 * units), lstm.Bias.Value.Shape);

        // unit_forget_bias=True: ones in the forget block [units, 2*units), zeros elsewhere.
        var expectedBias = Enumerable.Range(0, 4 * units).Select(k => k >= units && k < 2 * units ? 1f : 0f);
        Assert.Equal(expectedBias, lstm.Bias.Value.ReadOnlySpan.ToArray());

        // glorot_uniform: |w| <= sqrt(6 / (fan_in + fan_out)) with fan_in = 3, fan_out = 20.
        var limit = Math.Sqrt(6.0 / (features + (4 * units)));
        Assert.All(lstm.Kernel.Value.ReadOnlySpan.ToArray(), w => Assert.InRange(Math.Abs(w), 0, limit));

        // orthogonal (units x 4*units, wide): rows orthonormal.
        RecurrentTesting.AssertRowsOrthonormal(lstm.RecurrentKernel.Value);
    }

    [Theory]
    [InlineData(1, 128, 66_560)]   // seed-lstm: LSTM(128, input_shape=(num_features, 1))
    [InlineData(64, 128, 98_816)]
    [InlineData(3, 16, 1_280)]
    public void Parameter_count_is_keras_formula(int features, int units, long expected)
    {
        var lstm = new LSTM(units);
        lstm.Build(new Shape(7, features), new Rng(1));
        Assert.Equal(4L * units * (features + units + 1), lstm.ParameterCount);
        Assert.Equal(expected, lstm.ParameterCount);
    }

    [Fact]
    public void Forward_and_backward_allocate_nothing_after_warm_up()
    {
        var lstm = new LSTM(16, returnSequences: true);
        lstm.Build(new Shape(12, 4), new Rng(1));
        var input = RecurrentTesting.RandomInput(new Rng(2), 8, 12, 4);
        var gradient = RecurrentTesting.RandomInput(new Rng(3), 8, 12, 16);
        RecurrentTesting.AssertNoSteadyStateAllocation(() =>
        {
            lstm.Forward(input, training: true);
            lstm.Backward(gradient);
        });
    }

    [Fact]
    public void Wrong_feature_count_is_reported_with_the_layer_name()
    {
        var lstm = new LSTM(4, name: "encoder");
        lstm.Build(new Shape(5, 3), new Rng(1));
        var error = Assert.Throws<ArgumentException>(() => lstm.Forward(new Tensor(2, 5, 4), training: false));
        Assert.Contains("encoder", error.Message, StringComparison.Ordinal);
        Assert.Contains("(batch, timesteps, 3)", error.Message, StringComparison.Ordinal);
    }
}
