using Edge.Engine.Tensors;

namespace Edge.Engine.Layers.Core;

/// <summary>
/// A reshaped view of another tensor's buffer, kept between calls so that layers which only reinterpret their input
/// (Flatten, Reshape) do not allocate a new <see cref="Tensor"/> on every step.
/// </summary>
internal sealed class TensorView
{
    private Tensor? _view;

    public Tensor Of(Tensor source, Shape shape)
    {
        if (shape.ElementCount != source.Length)
        {
            throw new ArgumentException($"Cannot view {source.Shape} ({source.Length} elements) as {shape} ({shape.ElementCount} elements).", nameof(shape));
        }

        if (_view is null || !ReferenceEquals(_view.Buffer, source.Buffer) || !_view.Shape.Equals(shape))
        {
            _view = new Tensor(shape, source.Buffer);
        }

        return _view;
    }
}
