using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Recurrent;

/// <summary>The fused, vectorised LSTM step against the scalar double-precision reference, forward and backward.</summary>
public class LstmStepTests
{
    // 5 and 19 leave a scalar tail after the SIMD vectors; 16 and 32 have none.
    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 16)]
    [InlineData(4, 19)]
    [InlineData(2, 32)]
    public void Fused_step_matches_reference_forward_and_backward(int batch, int units)
    {
        var rng = new Rng((ulong)((batch * 100) + units));
        var state = batch * units;
        var preActivations = Random(rng, 4 * state, 3f);
        var cellPrevious = Random(rng, state, 2f);
        var hiddenGradient = Random(rng, state, 1f);
        var cellGradientIn = Random(rng, state, 1f);

        var fused = Run(LstmStep.Forward, LstmStep.Backward);
        var reference = Run(ReferenceLstmStep.Forward, ReferenceLstmStep.Backward);

        for (var k = 0; k < fused.Length; k++)
        {
            AssertClose(reference[k], fused[k], k);
        }

        float[][] Run(ForwardStep forward, BackwardStep backward)
        {
            var gates = (float[])preActivations.Clone();
            float[] cell = new float[state], tanhCell = new float[state], hidden = new float[state];
            forward(batch, units, gates, cellPrevious, cell, tanhCell, hidden);
            var cellGradient = (float[])cellGradientIn.Clone();
            var gateGradients = new float[4 * state];
            backward(batch, units, gates, cellPrevious, tanhCell, hiddenGradient, cellGradient, gateGradients);
            return [gates, cell, tanhCell, hidden, cellGradient, gateGradients];
        }
    }

    [Fact]
    public void Reference_step_matches_hand_computed_cell()
    {
        // One unit, c_prev = 0.5, pre-activations z_i = 0, z_f = 0, z_c = 0, z_o = 0:
        // i = f = o = sigmoid(0) = 0.5, g = tanh(0) = 0, c = 0.5 * 0.5 + 0.5 * 0 = 0.25, h = 0.5 * tanh(0.25).
        float[] gates = [0f, 0f, 0f, 0f];
        float[] cell = new float[1], tanhCell = new float[1], hidden = new float[1];
        ReferenceLstmStep.Forward(1, 1, gates, [0.5f], cell, tanhCell, hidden);
        Assert.Equal([0.5f, 0.5f, 0f, 0.5f], gates);
        Assert.Equal(0.25f, cell[0]);
        Assert.Equal(0.5 * Math.Tanh(0.25), hidden[0], 6);

        // dh = 1, dc_next = 0: dc = o * (1 - tanh(c)^2); d z_i = dc * g * i(1-i) = 0; d z_f = dc * c_prev * 0.25;
        // d z_c = dc * i * (1 - g^2) = dc * 0.5; d z_o = tanh(c) * 0.25; dc_prev = dc * f.
        var dc = 0.5 * (1 - (Math.Tanh(0.25) * Math.Tanh(0.25)));
        float[] cellGradient = [0f], gateGradients = new float[4];
        ReferenceLstmStep.Backward(1, 1, gates, [0.5f], tanhCell, [1f], cellGradient, gateGradients);
        Assert.Equal(0.0, gateGradients[0], 6);
        Assert.Equal(dc * 0.5 * 0.25, gateGradients[1], 6);
        Assert.Equal(dc * 0.5, gateGradients[2], 6);
        Assert.Equal(Math.Tanh(0.25) * 0.25, gateGradients[3], 6);
        Assert.Equal(dc * 0.5, cellGradient[0], 6);
    }

    private delegate void ForwardStep(int batch, int units, Span<float> gates, ReadOnlySpan<float> cellPrevious,
        Span<float> cell, Span<float> tanhCell, Span<float> hidden);

    private delegate void BackwardStep(int batch, int units, ReadOnlySpan<float> gates, ReadOnlySpan<float> cellPrevious,
        ReadOnlySpan<float> tanhCell, ReadOnlySpan<float> hiddenGradient, Span<float> cellGradient, Span<float> gateGradients);

    private static float[] Random(Rng rng, int length, float scale)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = rng.Uniform(-scale, scale);
        }

        return values;
    }

    private static void AssertClose(float[] expected, float[] actual, int which)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = 2e-6 + (2e-6 * Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"output {which} [{i}]: reference {expected[i]:G9}, fused {actual[i]:G9}");
        }
    }
}
