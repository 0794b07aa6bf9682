namespace Edge.Engine.Layers.Convolution;

/// <summary>Keras's padding modes for convolution and pooling windows.</summary>
public enum Padding
{
    /// <summary>No padding: windows that would overhang the input are dropped.</summary>
    Valid,

    /// <summary>Zero padding (ignored values for pooling) so that output length = ceil(input length / stride).</summary>
    Same,
}

/// <summary>Keras's spelling of <see cref="Padding"/>: "valid" and "same".</summary>
public static class PaddingNames
{
    public static Padding Parse(string padding, string layer)
    {
        ArgumentNullException.ThrowIfNull(padding);
        return padding.ToLowerInvariant() switch
        {
            "valid" => Padding.Valid,
            "same" => Padding.Same,
            _ => throw new ArgumentException($"{layer}: padding '{padding}' is not supported; use \"valid\" or \"same\".", nameof(padding)),
        };
    }

    public static string ToKeras(this Padding padding) => padding == Padding.Same ? "same" : "valid";
}
