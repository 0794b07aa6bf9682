namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// How a sliding window (convolution kernel or pooling window) walks one spatial axis, with TensorFlow's rules
/// (tf.nn.convolution / tf.nn.pool, which Keras calls):
/// - effective window = (size - 1) * dilation + 1;
/// - "valid": output = floor((input - effective) / stride) + 1, no padding;
/// - "same": output = ceil(input / stride), total padding = max((output - 1) * stride + effective - input, 0), of which
///   floor(total / 2) goes before the first element and the rest after the last.
/// </summary>
public readonly record struct WindowAxis
{
    public WindowAxis(int inputLength, int size, int stride, int dilation, Padding padding, string layer)
    {
        if (size < 1 || stride < 1 || dilation < 1)
        {
            throw new ArgumentException($"{layer}: window size {size}, stride {stride} and dilation {dilation} must all be at least 1.");
        }

        InputLength = inputLength;
        Size = size;
        Stride = stride;
        Dilation = dilation;
        var effective = ((size - 1) * dilation) + 1;
        if (padding == Padding.Same)
        {
            OutputLength = (inputLength + stride - 1) / stride;
            var total = Math.Max(((OutputLength - 1) * stride) + effective - inputLength, 0);
            PadBefore = total / 2;
        }
        else
        {
            if (inputLength < effective)
            {
                throw new ArgumentException(
                    $"{layer}: input length {inputLength} is shorter than the window ({effective} with dilation) under \"valid\" padding; use \"same\" or a smaller window.");
            }

            OutputLength = ((inputLength - effective) / stride) + 1;
            PadBefore = 0;
        }
    }

    /// <summary>A length-1 axis with a size-1 window: the row axis of one-dimensional layers.</summary>
    public static WindowAxis Unit { get; } = new(1, 1, 1, 1, Padding.Valid, "unit axis");

    public int InputLength { get; }

    public int Size { get; }

    public int Stride { get; }

    public int Dilation { get; }

    public int OutputLength { get; }

    /// <summary>Padding before the first input element; output position o starts at input o * stride - PadBefore.</summary>
    public int PadBefore { get; }

    /// <summary>Input index seen by window tap <paramref name="tap"/> at output position <paramref name="output"/> (may be outside the input).</summary>
    public int InputIndex(int output, int tap) => (output * Stride) - PadBefore + (tap * Dilation);

    /// <summary>True when every window stays inside the input, so no position needs a bounds check.</summary>
    public bool IsIdentity => Size == 1 && Stride == 1;
}
