using Edge.Engine.Tensors;

namespace Edge.Engine.Models;

/// <summary>
/// Copies the samples of one batch (in a given order) from the full arrays into batch buffers allocated once:
/// full batches and the shorter last batch reuse the same storage, and the two batch shapes are made up front,
/// so filling a batch allocates nothing.
/// </summary>
internal sealed class BatchSampler
{
    private readonly Tensor _x;
    private readonly Tensor? _y;
    private readonly float[]? _sampleWeights;
    private readonly int _xStride;
    private readonly int _yStride;
    private readonly Shape _fullX, _lastX, _fullY, _lastY;

    public BatchSampler(Tensor x, Tensor? y, float[]? sampleWeights, int batchSize)
    {
        _x = x;
        _y = y;
        _sampleWeights = sampleWeights;
        Count = x.Shape[0];
        BatchSize = Math.Min(batchSize, Math.Max(Count, 1));
        _xStride = Count == 0 ? 0 : x.Length / Count;
        _yStride = y is null || Count == 0 ? 0 : y.Length / Count;
        var last = Count % BatchSize == 0 ? BatchSize : Count % BatchSize;
        _fullX = WithFirst(x.Shape, BatchSize);
        _lastX = WithFirst(x.Shape, last);
        X = new Tensor(_fullX);
        if (y is not null)
        {
            _fullY = WithFirst(y.Shape, BatchSize);
            _lastY = WithFirst(y.Shape, last);
            Y = new Tensor(_fullY);
        }

        Weights = sampleWeights is null ? [] : new float[BatchSize];
        Order = Enumerable.Range(0, Count).ToArray();
    }

    public int Count { get; }

    public int BatchSize { get; }

    public int Batches => (Count + BatchSize - 1) / BatchSize;

    /// <summary>Sample indices in visiting order; shuffle it in place between epochs.</summary>
    public int[] Order { get; }

    public Tensor X { get; }

    public Tensor Y { get; } = new(0);

    public float[] Weights { get; }

    private static Shape WithFirst(Shape shape, int first)
    {
        var dims = shape.Dimensions.ToArray();
        dims[0] = first;
        return new Shape(dims);
    }

    /// <summary>Fills the buffers with batch <paramref name="batch"/>; returns its size.</summary>
    public int Fill(int batch)
    {
        var start = batch * BatchSize;
        var size = Math.Min(BatchSize, Count - start);
        var isFull = size == BatchSize;
        X.Resize(isFull ? _fullX : _lastX);
        CopyRows(_x, _xStride, X, start, size);
        if (_y is not null)
        {
            Y.Resize(isFull ? _fullY : _lastY);
            CopyRows(_y, _yStride, Y, start, size);
        }

        if (_sampleWeights is not null)
        {
            for (var i = 0; i < size; i++)
            {
                Weights[i] = _sampleWeights[Order[start + i]];
            }
        }

        return size;
    }

    private void CopyRows(Tensor source, int stride, Tensor batch, int start, int size)
    {
        var from = source.ReadOnlySpan;
        var to = batch.Span;
        for (var i = 0; i < size; i++)
        {
            from.Slice(Order[start + i] * stride, stride).CopyTo(to.Slice(i * stride, stride));
        }
    }

    /// <summary>This batch's sample weights (empty when unweighted).</summary>
    public ReadOnlySpan<float> BatchWeights(int size) => _sampleWeights is null ? default : Weights.AsSpan(0, size);
}
