using Edge.Engine.Tensors;
using ActivationLookup = Edge.Engine.Activations.Activation;

namespace Edge.Engine.Layers.Convolution;

/// <summary>
/// keras.layers.Conv1D: input (batch, steps, channels), kernel (kernel_size, channels, filters), output
/// (batch, new_steps, filters). Defaults as Keras: stride 1, "valid", no dilation, bias, glorot_uniform kernel, zero bias.
/// </summary>
public sealed class Conv1D : ConvolutionLayer
{
    public Conv1D(int filters, int kernelSize, string? activation = null, string padding = "valid", int strides = 1,
        int dilationRate = 1, bool useBias = true, string kernelInitializer = "glorot_uniform", string biasInitializer = "zeros",
        string? name = null)
        : base(filters, [kernelSize], [strides], [dilationRate], padding, ActivationLookup.Get(activation), useBias, kernelInitializer, biasInitializer, name)
    {
    }

    public override string KerasTypeName => "Conv1D";

    protected override (WindowGrid Grid, Shape OutputShape) Plan(Shape inputShape)
    {
        if (inputShape.Rank != 2)
        {
            throw new ArgumentException($"Layer '{Name}' (Conv1D) expects input (steps, channels) but got {inputShape}.", nameof(inputShape));
        }

        var steps = new WindowAxis(inputShape[0], KernelSize[0], Strides[0], DilationRate[0], Padding, Name);
        var grid = new WindowGrid(WindowAxis.Unit, steps, inputShape[1]);
        return (grid, new Shape(steps.OutputLength, Filters));
    }

    protected override Shape KernelShape(int inputChannels) => new(KernelSize[0], inputChannels, Filters);
}
