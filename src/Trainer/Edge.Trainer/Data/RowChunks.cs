namespace Edge.Trainer.Data;

/// <summary>
/// Customer rows of day values gathered in fixed-size chunks while the row count is unknown, then copied once into
/// one customer-major array. Peak memory is about twice the values, against up to three times for a doubling array.
/// </summary>
internal sealed class RowChunks(int days, int rowsPerChunk = 2048)
{
    private readonly List<float[]> _chunks = [];

    public int Count { get; private set; }

    /// <summary>The next row, all NaN (days without a column stay missing).</summary>
    public Span<float> Add()
    {
        var slot = Count % rowsPerChunk;
        if (slot == 0)
        {
            _chunks.Add(GC.AllocateUninitializedArray<float>(checked(rowsPerChunk * days)));
        }

        Count++;
        var row = _chunks[^1].AsSpan(slot * days, days);
        row.Fill(float.NaN);
        return row;
    }

    /// <summary>All rows in one array; the chunks are released as they are copied.</summary>
    public float[] ToArray()
    {
        var all = GC.AllocateUninitializedArray<float>(checked(Count * days));
        for (var k = 0; k < _chunks.Count; k++)
        {
            var rows = Math.Min(rowsPerChunk, Count - (k * rowsPerChunk));
            _chunks[k].AsSpan(0, rows * days).CopyTo(all.AsSpan(k * rowsPerChunk * days));
            _chunks[k] = [];
        }

        return all;
    }
}
