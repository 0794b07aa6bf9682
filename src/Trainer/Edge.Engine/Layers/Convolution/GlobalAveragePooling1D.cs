using Edge.Engine.Layers.Core;
using Edge.Engine.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Edge.Engine.Layers.Convolution;

/// <summary>keras.layers.GlobalAveragePooling1D: (batch, steps, channels) to (batch, channels), the mean over all steps;
/// backward spreads each gradient evenly, dL/dx[s, c] = dL/dy[c] / steps.</summary>
public sealed class GlobalAveragePooling1D : Layer
{
    private Shape _outputShape;
    private Shape _inputShape;
    private Tensor? _output;
    private Tensor? _inputGradient;

    public GlobalAveragePooling1D(string? name = null)
        : base(name)
    {
    }

    public override string KerasTypeName => "GlobalAveragePooling1D";

    protected override Shape BuildCore(Shape inputShape, Rng rng)
    {
        if (inputShape.Rank != 2 || inputShape[0] < 1)
        {
            throw new ArgumentException($"Layer '{Name}' (GlobalAveragePooling1D) expects input (steps, channels) with at least one step but got {inputShape}.", nameof(inputShape));
        }

        return new Shape(inputShape[1]);
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var batch = BatchShape.Check(this, input);
        _inputShape = input.Shape;
        var (steps, channels) = (InputShape[0], InputShape[1]);
        var y = Tensor.Ensure(ref _output, BatchShape.With(ref _outputShape, OutputShape, batch));
        y.Clear();
        var x = input.ReadOnlySpan;
        for (var b = 0; b < batch; b++)
        {
            var row = y.Span.Slice(b * channels, channels);
            for (var s = 0; s < steps; s++)
            {
                TensorPrimitives.Add(row, x.Slice(((b * steps) + s) * channels, channels), row);
            }

            TensorPrimitives.Multiply(row, 1f / steps, row);
        }

        return y;
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var (steps, channels) = (InputShape[0], InputShape[1]);
        var dx = Tensor.Ensure(ref _inputGradient, _inputShape);
        var dy = outputGradient.ReadOnlySpan;
        for (var b = 0; b < _inputShape[0]; b++)
        {
            for (var s = 0; s < steps; s++)
            {
                TensorPrimitives.Multiply(dy.Slice(b * channels, channels), 1f / steps, dx.Span.Slice(((b * steps) + s) * channels, channels));
            }
        }

        return dx;
    }

    /// <summary>One add per input value.</summary>
    public override long ForwardMacsPerSample => IsBuilt ? InputShape.ElementCount : 0;

    public override IReadOnlyDictionary<string, string> Config => new Dictionary<string, string>
    {
        ["data_format"] = "channels_last",
        ["keepdims"] = "false",
    };
}
