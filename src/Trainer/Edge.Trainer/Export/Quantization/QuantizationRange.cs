namespace Edge.Trainer.Export.Quantization;

/// <summary>
/// The linear map between a real range and an 8-bit integer grid: real = (q - ZeroPoint) * Scale, as ONNX
/// QuantizeLinear/DequantizeLinear define it. Scale and zero point are derived the way onnxruntime.quantization's
/// compute_scale_zp does (quant_utils.py), so models compare with the Python tool's.
/// </summary>
public readonly record struct QuantizationRange(float Scale, int ZeroPoint, int QMin, int QMax)
{
    /// <summary>
    /// Asymmetric int8 over [min, max], widened to include 0 so that zero (padding, ReLU's floor) is exact.
    /// A degenerate (all-zero) range gets scale 1, zero point 0, as the Python tool does.
    /// </summary>
    public static QuantizationRange AsymmetricInt8(float min, float max)
    {
        double rmin = Math.Min(min, 0f), rmax = Math.Max(max, 0f);
        const int qmin = sbyte.MinValue, qmax = sbyte.MaxValue;
        var scale = (rmax - rmin) / (qmax - qmin);
        if (scale < float.Epsilon)
        {
            return new QuantizationRange(1f, 0, qmin, qmax);
        }

        var zeroPoint = (int)Math.Clamp(Math.Round(qmin - (rmin / scale), MidpointRounding.ToEven), qmin, qmax);
        return new QuantizationRange((float)scale, zeroPoint, qmin, qmax);
    }

    /// <summary>
    /// Symmetric int8 on [-127, 127] with zero point 0 (the weight scheme ORT's integer kernels expect per channel), or
    /// on [-64, 64] with <paramref name="reduceRange"/> (quant_utils.py's reduce_range): x64 AVX2/AVX-512 kernels
    /// without VNNI add pairs of u8×s8 products in saturating int16 (VPMADDUBSW), and 2·255·127 overflows it;
    /// 2·255·64 does not.
    /// </summary>
    public static QuantizationRange SymmetricInt8(float absMax, bool reduceRange)
    {
        var qmax = reduceRange ? 64 : sbyte.MaxValue;
        double scale = (2.0 * absMax) / (2 * qmax);
        return scale < float.Epsilon ? new QuantizationRange(1f, 0, -qmax, qmax) : new QuantizationRange((float)scale, 0, -qmax, qmax);
    }

    /// <summary>clip(round(x / scale) + zero point), round half to even, as ONNX QuantizeLinear.</summary>
    public sbyte Quantize(float value)
    {
        var q = Math.Round(value / (double)Scale, MidpointRounding.ToEven) + ZeroPoint;
        return (sbyte)Math.Clamp(q, QMin, QMax);
    }
}
