using Edge.Engine.Tensors;
using ActivationLookup = Edge.Engine.Activations.Activation;

namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// keras.layers.Conv2D with data_format "channels_last": input (batch, rows, cols, channels), kernel
/// (kernel_rows, kernel_cols, channels, filters), output (batch, new_rows, new_cols, filters).
/// </summary>
public sealed class Conv2D : ConvolutionLayer
{
    public Conv2D(int filters, (int Rows, int Cols) kernelSize, string? activation = null, string padding = "valid",
        (int Rows, int Cols)? strides = null, (int Rows, int Cols)? dilationRate = null, bool useBias = true,
        string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros", string? name = null)
        : base(filters, [kernelSize.Rows, kernelSize.Cols], Pair(strides), Pair(dilationRate), padding, ActivationLookup.Get(activation), useBias,
            kernelInitializer, biasInitializer, name)
    {
    }

    /// <summary>Square kernel, as Keras's Conv2D(filters, 3).</summary>
    public Conv2D(int filters, int kernelSize, string? activation = null, string padding = "valid", int strides = 1,
        int dilationRate = 1, bool useBias = true, string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros",
        string? name = null)
        : this(filters, (kernelSize, kernelSize), activation, padding, (strides, strides), (dilationRate, dilationRate), useBias,
            kernelInitializer, biasInitializer, name)
    {
    }

    public override string KerasTypeName => "Conv2D";

    private static int[] Pair((int Rows, int Cols)? value) => value is { } v ? [v.Rows, v.Cols] : [1, 1];

    protected override (WindowGrid Grid, Shape OutputShape) Plan(Shape inputShape)
    {
        if (inputShape.Rank != 3)
        {
            throw new ArgumentException($"Layer '{Name}' (Conv2D) expects input (rows, cols, channels) but got {inputShape}.", nameof(inputShape));
        }

        var rows = new WindowAxis(inputShape[0], KernelSize[0], Strides[0], DilationRate[0], Padding, Name);
        var cols = new WindowAxis(inputShape[1], KernelSize[1], Strides[1], DilationRate[1], Padding, Name);
        return (new WindowGrid(rows, cols, inputShape[2]), new Shape(rows.OutputLength, cols.OutputLength, Filters));
    }

    protected override Shape KernelShape(int inputChannels) => new(KernelSize[0], KernelSize[1], inputChannels, Filters);
}
