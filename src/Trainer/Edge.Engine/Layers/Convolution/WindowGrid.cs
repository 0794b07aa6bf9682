namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// A 2-D sliding window over channels-last samples (height, width, channels). One-dimensional layers use height 1,
/// so Conv1D/Conv2D and MaxPooling1D/2D share one implementation.
/// </summary>
public sealed class WindowGrid
{
    private readonly int[] _tapOffsets;

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
}
