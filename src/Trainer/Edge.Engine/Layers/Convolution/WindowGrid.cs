namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// A 2-D sliding window over channels-last samples (height, width, channels). One-dimensional layers use height 1,
/// so Conv1D/Conv2D and MaxPooling1D/2D share one implementation.
/// </summary>
public sealed class WindowGrid
{
    private readonly int[] _tapOffsets;
    private readonly int[] _runStarts;
    private readonly int[] _runs;

    public WindowGrid(WindowAxis rows, WindowAxis columns, int channels)
    {
        Rows = rows;
        Columns = columns;
        Channels = channels;
        TapsPerWindow = rows.Size * columns.Size;
        _tapOffsets = new int[OutputPositions * TapsPerWindow];
        var at = 0;
        for (var oy = 0; oy < rows.OutputLength; oy++)
        {
            for (var ox = 0; ox < columns.OutputLength; ox++)
            {
                for (var ky = 0; ky < rows.Size; ky++)
                {
                    var iy = rows.InputIndex(oy, ky);
                    for (var kx = 0; kx < columns.Size; kx++)
                    {
                        var ix = columns.InputIndex(ox, kx);
                        var inside = (uint)iy < (uint)rows.InputLength && (uint)ix < (uint)columns.InputLength;
                        _tapOffsets[at++] = inside ? ((iy * columns.InputLength) + ix) * channels : -1;
                    }
                }
            }
        }

        (_runStarts, _runs) = MergeRuns(_tapOffsets, OutputPositions, TapsPerWindow, channels);
    }

    /// <summary>
    /// Joins a window's consecutive taps that are consecutive in memory too (a kernel row without dilation, inside the
    /// input) into one run, so im2col copies kernel_width * channels floats at once instead of one tap at a time; with
    /// one input channel this is what keeps the seed CNN's first layer from being dominated by tiny copies.
    /// </summary>
    private static (int[] Starts, int[] Runs) MergeRuns(int[] tapOffsets, int positions, int taps, int channels)
    {
        var starts = new int[positions + 1];
        var runs = new List<int>();
        for (var p = 0; p < positions; p++)
        {
            starts[p] = runs.Count / 3;
            for (var t = 0; t < taps; t++)
            {
                var offset = tapOffsets[(p * taps) + t];
                var last = runs.Count - 3;
                var extends = runs.Count / 3 > starts[p]
                    && ((offset < 0 && runs[last + 1] < 0) || (offset >= 0 && runs[last + 1] >= 0 && runs[last + 1] + runs[last + 2] == offset));
                if (extends)
                {
                    runs[last + 2] += channels;
                }
                else
                {
                    runs.AddRange([t * channels, offset, channels]);
                }
            }
        }

        starts[positions] = runs.Count / 3;
        return (starts, [.. runs]);
    }

    public WindowAxis Rows { get; }

    public WindowAxis Columns { get; }

    public int Channels { get; }

    /// <summary>Window height * width.</summary>
    public int TapsPerWindow { get; }

    public int OutputPositions => Rows.OutputLength * Columns.OutputLength;

    /// <summary>Values under one window: taps * channels, ordered (row tap, column tap, channel) like a Keras kernel.</summary>
    public int PatchLength => TapsPerWindow * Channels;

    public int InputLengthPerSample => Rows.InputLength * Columns.InputLength * Channels;

    /// <summary>True for a 1x1 window with stride 1: each window is exactly one input position.</summary>
    public bool IsPointwise => Rows.IsIdentity && Columns.IsIdentity;

    /// <summary>
    /// For output position p and tap t, entry p * TapsPerWindow + t is the offset (in floats, within one sample) of the
    /// first channel under that tap, or -1 when the tap falls in the padding.
    /// </summary>
    public ReadOnlySpan<int> TapOffsets => _tapOffsets;

    /// <summary>
    /// The same windows as runs of (offset in the patch, offset in the sample or -1 for padding, length in floats);
    /// output position p owns runs [RunStarts[p], RunStarts[p + 1]).
    /// </summary>
    public ReadOnlySpan<int> Runs => _runs;

    public ReadOnlySpan<int> RunStarts => _runStarts;
}
