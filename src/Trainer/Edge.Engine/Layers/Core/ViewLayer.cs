using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>
/// A layer that only reinterprets its input's shape (Flatten, Reshape). Row-major data need no copying: the output
/// is a view of the input buffer, and the input gradient a view of the output gradient.
/// </summary>
public abstract class ViewLayer : Layer
{
    private readonly TensorView _output = new();
    private readonly TensorView _inputGradient = new();
    private Shape _batchInputShape;
    private Shape _batchOutputShape;

    protected ViewLayer(string? name)
        : base(name)
    {
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsureBuilt();
        var batch = BatchShape.Check(this, input);
        _batchInputShape = input.Shape;
        return _output.Of(input, BatchShape.With(ref _batchOutputShape, OutputShape, batch));
    }

    public override Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        return _inputGradient.Of(outputGradient, _batchInputShape);
    }
}
