namespace Edge.Engine.Tensors;

/// <summary>
/// A dense float32 tensor, contiguous and row-major. The backing array may be longer than the shape needs,
/// so a layer can keep one buffer for its largest batch and reuse it for smaller ones without allocating.
/// </summary>
public sealed class Tensor
{
    private float[] _data;

    public Tensor(Shape shape)
    {
        Shape = shape;
        _data = new float[shape.ElementCount];
    }

    public Tensor(Shape shape, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < shape.ElementCount)
        {
            throw new ArgumentException($"Buffer of {data.Length} floats is too small for shape {shape} ({shape.ElementCount} elements).", nameof(data));
        }

        Shape = shape;
        _data = data;
    }

    public Tensor(params int[] dims) : this(new Shape(dims))
    {
    }

    public Shape Shape { get; private set; }

    public int Length => Shape.ElementCount;

    /// <summary>The backing array; only the first <see cref="Length"/> elements belong to the tensor.</summary>
    public float[] Buffer => _data;

    public Span<float> Span => _data.AsSpan(0, Length);

    public ReadOnlySpan<float> ReadOnlySpan => _data.AsSpan(0, Length);

    public ref float this[int flatIndex] => ref _data[flatIndex];

    /// <summary>
    /// Gives the tensor a new shape, reusing the buffer when it is large enough (contents then undefined beyond
    /// what the caller writes). Used by layers to size their output buffers for the current batch.
    /// </summary>
    public void Resize(Shape shape)
    {
        if (shape.ElementCount > _data.Length)
        {
            _data = new float[shape.ElementCount];
        }

        Shape = shape;
    }

    /// <summary>Reinterprets the same elements under another shape with the same element count.</summary>
    public Tensor Reshaped(Shape shape)
    {
        if (shape.ElementCount != Length)
        {
            throw new ArgumentException($"Cannot reshape {Shape} ({Length} elements) to {shape} ({shape.ElementCount} elements).", nameof(shape));
        }

        return new Tensor(shape, _data);
    }

    /// <summary>Ensures <paramref name="tensor"/> exists with the given shape, allocating only when it must.</summary>
    public static Tensor Ensure(ref Tensor? tensor, Shape shape)
    {
        if (tensor is null)
        {
            tensor = new Tensor(shape);
        }
        else
        {
            tensor.Resize(shape);
        }

        return tensor;
    }

    public Tensor Clone() => new(Shape, Span.ToArray());

    public void Clear() => Span.Clear();

    public static Tensor FromArray(float[] data, params int[] dims) => new(new Shape(dims), data);

    public override string ToString() => $"Tensor{Shape}";
}
