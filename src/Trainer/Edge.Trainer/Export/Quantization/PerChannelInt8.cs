namespace Edge.Trainer.Export.Quantization;

/// <summary>
/// A weight tensor as int8 with one symmetric scale per channel along <see cref="Axis"/>, zero point 0 (the weight
/// scheme of ORT's integer kernels): channel c's values are q · Scales[c].
/// </summary>
internal sealed record PerChannelInt8(sbyte[] Values, float[] Scales, int Axis)
{
    /// <param name="reduceRange">7-bit grid [-64, 64]; see <see cref="QuantizationRange.SymmetricInt8"/>.</param>
    public static PerChannelInt8 Quantize(float[] values, IReadOnlyList<long> dims, int axis, bool reduceRange)
    {
        var channels = (int)dims[axis];
        var inner = (int)dims.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
        int ChannelOf(int index) => index / inner % channels;

        var absMax = new float[channels];
        for (var i = 0; i < values.Length; i++)
        {
            absMax[ChannelOf(i)] = Math.Max(absMax[ChannelOf(i)], Math.Abs(values[i]));
        }

        var ranges = absMax.Select(a => QuantizationRange.SymmetricInt8(a, reduceRange)).ToArray();
        var quantized = new sbyte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            quantized[i] = ranges[ChannelOf(i)].Quantize(values[i]);
        }

        return new PerChannelInt8(quantized, ranges.Select(r => r.Scale).ToArray(), axis);
    }

    public byte[] Bytes() => Values.Select(v => unchecked((byte)v)).ToArray();
}
