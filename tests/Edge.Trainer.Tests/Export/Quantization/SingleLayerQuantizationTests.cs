using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Tensors;

namespace Edge.Trainer.Tests.Export.Quantization;

/// <summary>
/// One Dense (MatMul) or one Conv1D (Conv) quantized, checked against fp32 in ORT with an error bound worked out from
/// the quantization steps, not from the code under test. With x' = x + dx, |dx| ≤ s_x/2 (activation step
/// s_x = range/255, the range widened to contain 0) and w' = w + dw, |dw| ≤ s_w/2 (s_w = max|w| of the output channel
/// / 64: the default 7-bit weights), one output y = Σ x·w (+ b) moves by at most
///   Σ_k ( |w_k|·s_x/2 + |x_k|·s_w/2 + s_x·s_w/4 )
/// plus, for Conv, half a step of the int32 bias (s_x·s_w/2) and half a step of the output's own Q/DQ (s_y/2).
/// Calibration and evaluation use the same inputs, so nothing is clipped. A wrong axis for the per-channel scales,
/// a wrong zero point or a transposed weight would break the bound by orders of magnitude. ORT runs at its default
/// optimization level, so the fused integer kernels are what is checked; with full 8-bit weights the fused Conv on
/// this x64 CPU (no VNNI) was off by 1.3 while the unfused QDQ graph kept the bound (see OnnxQuantizer's reduceRange).
/// </summary>
public sealed class SingleLayerQuantizationTests
{
    /// <summary>Float32 accumulation and scaling inside ORT's kernels.</summary>
    private const float FloatSlack = 1e-5f;

    /// <summary>Default weights are 7-bit (reduce_range): [-64, 64].</summary>
    private const float WeightSteps = 64f;

    [Fact]
    public void DenseWithinQuantizationBound()
    {
        const int inputs = 24, units = 6;
        var model = new Sequential([new Dense(units)]);
        model.Build(new Shape(inputs), seed: 11);
        var rng = new Rng(4);
        OrtOracle.Randomize(model, rng, 0.5f, allWeights: true);
        var x = QuantizedModel.Uniform(rng, -1f, 2f, new Shape(100, inputs));
        var quantized = new QuantizedModel(model, x);

        var expected = quantized.ScoreFp32(x);
        var actual = quantized.ScoreInt8(x);

        var kernel = model.Parameters.Single(p => p.Name == "kernel").Value.ReadOnlySpan.ToArray(); // (inputs, units)
        var sx = ActivationStep(x.ReadOnlySpan);
        for (var n = 0; n < units; n++)
        {
            var sw = Enumerable.Range(0, inputs).Max(k => Math.Abs(kernel[(k * units) + n])) / WeightSteps;
            for (var b = 0; b < x.Shape[0]; b++)
            {
                var bound = FloatSlack;
                for (var k = 0; k < inputs; k++)
                {
                    bound += (Math.Abs(kernel[(k * units) + n]) * sx / 2) + (Math.Abs(x[(b * inputs) + k]) * sw / 2) + (sx * sw / 4);
                }

                var i = (b * units) + n;
                Assert.True(Math.Abs(actual[i] - expected[i]) <= bound, $"sample {b} unit {n}: |int8 - fp32| = {Math.Abs(actual[i] - expected[i])} > bound {bound}");
            }
        }

        // The bound is not vacuous: the int8 model does differ from fp32, by less than a typical output.
        Assert.True(OrtOracle.MaxAbsDifference(expected, actual) > 0f);
    }

    [Fact]
    public void Conv1DWithinQuantizationBound()
    {
        const int steps = 20, channels = 4, filters = 5, taps = 3;
        var model = new Sequential([new Conv1D(filters, taps, padding: "same")]);
        model.Build(new Shape(steps, channels), seed: 12);
        var rng = new Rng(6);
        OrtOracle.Randomize(model, rng, 0.5f, allWeights: true);
        var x = QuantizedModel.Uniform(rng, -1f, 1f, new Shape(50, steps, channels));
        var quantized = new QuantizedModel(model, x);

        var expected = quantized.ScoreFp32(x);
        var actual = quantized.ScoreInt8(x);

        // A uniform bound over all outputs: every window has taps·channels products, |x| ≤ max|x|, |w| ≤ max|w|,
        // and the coarsest channel's step s_w stands for all channels.
        var kernel = model.Parameters.Single(p => p.Name == "kernel").Value.ReadOnlySpan.ToArray();
        var maxW = kernel.Max(Math.Abs);
        var maxX = x.ReadOnlySpan.ToArray().Max(Math.Abs);
        float sx = ActivationStep(x.ReadOnlySpan), sw = maxW / WeightSteps, sy = ActivationStep(expected);
        var bound = (taps * channels * ((maxW * sx / 2) + (maxX * sw / 2) + (sx * sw / 4))) + (sx * sw / 2) + (sy / 2) + FloatSlack;

        var difference = OrtOracle.MaxAbsDifference(expected, actual);
        Assert.True(difference <= bound, $"max |int8 - fp32| = {difference} > bound {bound}");
        Assert.True(difference > 0f);
    }

    /// <summary>ORT's asymmetric int8 step for values seen in <paramref name="values"/>: (max(max,0) - min(min,0)) / 255.</summary>
    private static float ActivationStep(ReadOnlySpan<float> values)
    {
        float min = 0f, max = 0f;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (max - min) / 255f;
    }
}
