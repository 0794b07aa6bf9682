using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// Lowers a convolution to one matrix product (Chellapilla, Puri and Simard 2006, "High performance convolutional neural
/// networks for document processing"): every output position becomes a row holding the window's inputs, so
/// output = patches (positions x patchLength) * kernel (patchLength x filters). Channels-last data make each tap a
/// contiguous run of channels, copied in one block.
/// </summary>
public static class Im2Col
{
    /// <summary>Writes the patch matrix of <paramref name="sampleCount"/> consecutive samples; padding becomes zeros.</summary>
    public static void Expand(WindowGrid grid, ReadOnlySpan<float> samples, int sampleCount, Span<float> patches)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var channels = grid.Channels;
        var taps = grid.TapOffsets;
        for (var s = 0; s < sampleCount; s++)
        {
            var sample = samples.Slice(s * grid.InputLengthPerSample, grid.InputLengthPerSample);
            var patch = patches.Slice(s * grid.OutputPositions * grid.PatchLength, grid.OutputPositions * grid.PatchLength);
            for (var t = 0; t < taps.Length; t++)
            {
                var target = patch.Slice(t * channels, channels);
                if (taps[t] >= 0)
                {
                    sample.Slice(taps[t], channels).CopyTo(target);
                }
                else
                {
                    target.Clear();
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Expand"/> (col2im): adds each patch entry onto the input element it came from.
    /// The caller clears <paramref name="sampleGradients"/> first; entries from the padding are dropped.</summary>
    public static void Fold(WindowGrid grid, ReadOnlySpan<float> patches, int sampleCount, Span<float> sampleGradients)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var channels = grid.Channels;
        var taps = grid.TapOffsets;
        for (var s = 0; s < sampleCount; s++)
        {
            var sample = sampleGradients.Slice(s * grid.InputLengthPerSample, grid.InputLengthPerSample);
            var patch = patches.Slice(s * grid.OutputPositions * grid.PatchLength, grid.OutputPositions * grid.PatchLength);
            for (var t = 0; t < taps.Length; t++)
            {
                if (taps[t] >= 0)
                {
                    var target = sample.Slice(taps[t], channels);
                    TensorPrimitives.Add(target, patch.Slice(t * channels, channels), target);
                }
            }
        }
    }
}
