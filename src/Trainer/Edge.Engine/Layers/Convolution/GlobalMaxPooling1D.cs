using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Convolution;

/// <summary>keras.layers.GlobalMaxPooling1D: (batch, steps, channels) to (batch, channels), the maximum over all steps.
/// One max-pooling window as long as the input.</summary>
public sealed class GlobalMaxPooling1D : MaxPoolingLayer
{
    public GlobalMaxPooling1D(string? name = null)
        : base([0], [1], "valid", name)
    {
    }

    public override string KerasTypeName => "GlobalMaxPooling1D";

    protected override (WindowGrid Grid, Shape OutputShape) Plan(Shape inputShape)
    {
        if (inputShape.Rank != 2 || inputShape[0] < 1)
        {
            throw new ArgumentException($"Layer '{Name}' (GlobalMaxPooling1D) expects input (steps, channels) with at least one step but got {inputShape}.", nameof(inputShape));
        }

        var steps = new WindowAxis(inputShape[0], inputShape[0], 1, 1, Padding.Valid, Name);
        return (new WindowGrid(WindowAxis.Unit, steps, inputShape[1]), new Shape(inputShape[1]));
    }

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["data_format"] = "channels_last",
        ["keepdims"] = "false",
    };
}
