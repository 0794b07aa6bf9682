using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// Lowers a convolution to one matrix product (Chellapilla, Puri and Simard 2006, "High performance convolutional neural
/// networks for document processing"): every output position becomes a row holding the window's inputs, so
/// output = patches (positions x patchLength) * kernel (patchLength x filters). Channels-last data make each tap, and
/// each kernel row inside the input, a contiguous run copied in one block (<see cref="WindowGrid.Runs"/>).
/// </summary>
public static class Im2Col
{
    /// <summary>Writes the patch matrix of <paramref name="sampleCount"/> consecutive samples; padding becomes zeros.</summary>
    public static void Expand(WindowGrid grid, ReadOnlySpan<float> samples, int sampleCount, Span<float> patches)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var runs = grid.Runs;
        var starts = grid.RunStarts;
        var row = 0;
        for (var s = 0; s < sampleCount; s++)
        {
            var sample = samples.Slice(s * grid.InputLengthPerSample, grid.InputLengthPerSample);
            for (var p = 0; p < grid.OutputPositions; p++, row++)
            {
                var patch = patches.Slice(row * grid.PatchLength, grid.PatchLength);
                for (var r = starts[p] * 3; r < starts[p + 1] * 3; r += 3)
                {
                    var target = patch.Slice(runs[r], runs[r + 2]);
                    if (runs[r + 1] >= 0)
                    {
                        sample.Slice(runs[r + 1], runs[r + 2]).CopyTo(target);
                    }
                    else
                    {
                        target.Clear();
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Expand"/> (col2im): adds each patch entry onto the input element it came from.
    /// The caller clears <paramref name="sampleGradients"/> first; entries from the padding are dropped.</summary>
    public static void Fold(WindowGrid grid, ReadOnlySpan<float> patches, int sampleCount, Span<float> sampleGradients)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var runs = grid.Runs;
        var starts = grid.RunStarts;
        var row = 0;
        for (var s = 0; s < sampleCount; s++)
        {
            var sample = sampleGradients.Slice(s * grid.InputLengthPerSample, grid.InputLengthPerSample);
            for (var p = 0; p < grid.OutputPositions; p++, row++)
            {
                var patch = patches.Slice(row * grid.PatchLength, grid.PatchLength);
                for (var r = starts[p] * 3; r < starts[p + 1] * 3; r += 3)
                {
                    if (runs[r + 1] < 0)
                    {
                        continue;
                    }

                    var source = patch.Slice(runs[r], runs[r + 2]);
                    var target = sample.Slice(runs[r + 1], runs[r + 2]);
                    if (source.Length < 8)
                    {
                        // Short runs (one or two channels): a plain loop beats the vectorised call's set-up.
                        for (var i = 0; i < source.Length; i++)
                        {
                            target[i] += source[i];
                        }
                    }
                    else
                    {
                        TensorPrimitives.Add(target, source, target);
                    }
                }
            }
        }
    }
}
