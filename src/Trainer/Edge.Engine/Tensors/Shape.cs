namespace Edge.Engine.Tensors;

/// <summary>An immutable tensor shape: the size of each dimension, outermost first (row-major).</summary>
public readonly record struct Shape
{
    private readonly int[] _dims;

    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(dims), $"Dimension {d} is negative in shape ({string.Join(", ", dims)}).");
            }
        }

        _dims = (int[])dims.Clone();
    }

    public int Rank => _dims?.Length ?? 0;

    public int this[int axis] => _dims[axis < 0 ? _dims.Length + axis : axis];

    /// <summary>The number of elements: the product of all dimensions (1 for a scalar).</summary>
    public int ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in _dims ?? [])
            {
                n *= d;
            }

            return checked((int)n);
        }
    }

    public ReadOnlySpan<int> Dimensions => _dims;

    /// <summary>This shape with a leading batch dimension.</summary>
    public Shape WithBatch(int batch) => new([batch, .. _dims ?? []]);

    /// <summary>This shape without its leading dimension.</summary>
    public Shape WithoutFirst() => new(_dims[1..]);

    public bool Equals(Shape other) => Dimensions.SequenceEqual(other.Dimensions);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims ?? [])
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <summary>Keras style: (None, 30, 128) when a batch placeholder is wanted, else (30, 128).</summary>
    public string ToString(bool withBatchPlaceholder)
    {
        var parts = (_dims ?? []).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (withBatchPlaceholder)
        {
            parts = parts.Prepend("None");
        }

        var list = parts.ToList();
        return list.Count == 1 ? $"({list[0]},)" : $"({string.Join(", ", list)})";
    }

    public override string ToString() => ToString(false);
}
