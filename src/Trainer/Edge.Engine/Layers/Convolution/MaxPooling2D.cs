using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Convolution;

/// <summary>keras.layers.MaxPooling2D, channels_last: input (batch, rows, cols, channels).</summary>
public sealed class MaxPooling2D : MaxPoolingLayer
{
    public MaxPooling2D((int Rows, int Cols) poolSize, (int Rows, int Cols)? strides = null, string padding = "valid", string? name = null)
        : base([poolSize.Rows, poolSize.Cols], strides is { } s ? [s.Rows, s.Cols] : null, padding, name)
    {
    }

    /// <summary>Square window, as Keras's MaxPooling2D(3).</summary>
    public MaxPooling2D(int poolSize = 2, int? strides = null, string padding = "valid", string? name = null)
        : this((poolSize, poolSize), strides is { } s ? (s, s) : null, padding, name)
    {
    }

    public override string KerasTypeName => "MaxPooling2D";

    protected override (WindowGrid Grid, Shape OutputShape) Plan(Shape inputShape)
    {
        if (inputShape.Rank != 3)
        {
            throw new ArgumentException($"Layer '{Name}' (MaxPooling2D) expects input (rows, cols, channels) but got {inputShape}.", nameof(inputShape));
        }

        var rows = new WindowAxis(inputShape[0], PoolSize[0], Strides[0], 1, Padding, Name);
        var cols = new WindowAxis(inputShape[1], PoolSize[1], Strides[1], 1, Padding, Name);
        return (new WindowGrid(rows, cols, inputShape[2]), new Shape(rows.OutputLength, cols.OutputLength, inputShape[2]));
    }
}
