using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.Trainer.Export;
using Edge.Trainer.Export.Quantization;

namespace Edge.Trainer.Tests.Export.Quantization;

/// <summary>Scale/zero-point arithmetic against hand computation with ORT's compute_scale_zp, and the calibrators' ranges.</summary>
public sealed class CalibrationTests
{
    [Fact]
    public void AsymmetricRangeMatchesOrtFormula()
    {
        // [-1, 3]: scale = 4 / 255; zp = round(-128 - (-1) / (4/255)) = round(-128 + 63.75) = round(-64.25) = -64.
        var range = QuantizationRange.AsymmetricInt8(-1f, 3f);

        Assert.Equal(4f / 255f, range.Scale, 1e-7f);
        Assert.Equal(-64, range.ZeroPoint);
        Assert.Equal(-64, range.Quantize(0f)); // zero is exact
        Assert.Equal(127, range.Quantize(10f)); // clipped
    }

    [Fact]
    public void RangeIsWidenedToContainZero()
    {
        // [2, 4] becomes [0, 4]: scale 4/255, zp = round(-128 - 0) = -128.
        var range = QuantizationRange.AsymmetricInt8(2f, 4f);

        Assert.Equal(4f / 255f, range.Scale, 1e-7f);
        Assert.Equal(-128, range.ZeroPoint);
    }

    [Fact]
    public void SymmetricWeightGrid()
    {
        // 8-bit: scale = 2·0.5 / 254; 7-bit (reduce_range): 2·0.5 / 128. Zero point 0 either way; half-to-even rounding.
        Assert.Equal(1f / 254f, QuantizationRange.SymmetricInt8(0.5f, reduceRange: false).Scale, 1e-8f);
        var reduced = QuantizationRange.SymmetricInt8(0.5f, reduceRange: true);
        Assert.Equal(1f / 128f, reduced.Scale, 1e-8f);
        Assert.Equal(0, reduced.ZeroPoint);
        Assert.Equal(-64, reduced.Quantize(-0.5f));
        Assert.Equal(2, reduced.Quantize(2.5f / 128f)); // 2.5 rounds to even 2
        Assert.Equal(1f, QuantizationRange.SymmetricInt8(0f, reduceRange: false).Scale); // all-zero channel: scale 1, as ORT
    }

    [Theory]
    [InlineData(CalibrationMethod.MinMax, 0f, 9999f)]
    // 10,000 values 0..9999; nearest rank of p% is round(p/100 · 9999): 0.01% -> round(0.9999) = 1, 99.99% -> round(9998.0001) = 9998.
    [InlineData(CalibrationMethod.Percentile, 1f, 9998f)]
    public void CalibratorRangeOfTheGraphInput(CalibrationMethod method, float min, float max)
    {
        var model = new Sequential([new Dense(1)]);
        model.Build(new Shape(10), seed: 1);
        var samples = Enumerable.Range(0, 1000).Select(i => Enumerable.Range(0, 10).Select(j => (float)((i * 10) + j)).ToArray()).ToArray();

        var ranges = ActivationCalibrator.Calibrate(OnnxExporter.Export(model), [OnnxExporter.InputName], [10], samples, method, batchSize: 300);

        Assert.Equal((min, max), ranges[OnnxExporter.InputName]);
    }
}
