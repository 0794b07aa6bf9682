using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Convolution;

/// <summary>keras.layers.MaxPooling1D: input (batch, steps, channels). pool_size 1 is the identity, as in the seed's CNN.</summary>
public sealed class MaxPooling1D : MaxPoolingLayer
{
    public MaxPooling1D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
        : base([poolSize], strides is { } s ? [s] : null, padding, name)
    {
    }

    public override string KerasTypeName => "MaxPooling1D";

    protected override (WindowGrid Grid, Shape OutputShape) Plan(Shape inputShape)
    {
        if (inputShape.Rank != 2)
        {
            throw new ArgumentException($"Layer '{Name}' (MaxPooling1D) expects input (steps, channels) but got {inputShape}.", nameof(inputShape));
        }

        var steps = new WindowAxis(inputShape[0], PoolSize[0], Strides[0], 1, Padding, Name);
        var grid = new WindowGrid(WindowAxis.Unit, steps, inputShape[1]);
        return (grid, new Shape(steps.OutputLength, inputShape[1]));
    }
}
