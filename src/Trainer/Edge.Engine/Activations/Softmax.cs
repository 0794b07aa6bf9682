using System.Numerics.Tensors;

namespace Edge.Engine.Activations;

/// <summary>
/// Keras "softmax" over the last axis (rows of <c>rowLength</c>). The row maximum is subtracted before exponentiating
/// so large logits do not overflow. Backward: dx = y ⊙ (dy − Σ dy·y) per row.
/// </summary>
public sealed class Softmax : IActivation
{
    public string Name => "softmax";

    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        CheckRows(x.Length, rowLength);
        for (var start = 0; start < x.Length; start += rowLength)
        {
            var row = x.Slice(start, rowLength);
            var output = y.Slice(start, rowLength);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), output);
            TensorPrimitives.Exp(output, output);
            TensorPrimitives.Divide(output, TensorPrimitives.Sum(output), output);
        }
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength)
    {
        CheckRows(y.Length, rowLength);
        for (var start = 0; start < y.Length; start += rowLength)
        {
            var yRow = y.Slice(start, rowLength);
            var dyRow = dy.Slice(start, rowLength);
            var dxRow = dx.Slice(start, rowLength);
            var dot = TensorPrimitives.Dot(dyRow, yRow);
            TensorPrimitives.Subtract(dyRow, dot, dxRow);
            TensorPrimitives.Multiply(dxRow, yRow, dxRow);
        }
    }

    private static void CheckRows(int length, int rowLength)
    {
        if (rowLength <= 0 || length % rowLength != 0)
        {
            throw new ArgumentException($"Softmax needs a row length that divides the tensor: {length} values, row length {rowLength}.", nameof(rowLength));
        }
    }
}
