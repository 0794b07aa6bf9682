using System.Numerics;
using System.Numerics.Tensors;

namespace Edge.Engine.Activations;

/// <summary>Keras "tanh": dy/dx = 1 - y².</summary>
public sealed class Tanh : IActivation
{
    public string Name => "tanh";

    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => TensorPrimitives.Tanh(x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength) =>
        Elementwise.Map(default(Derivative), y, dy, dx);

    private readonly struct Derivative : IBinaryOp
    {
        public Vector<float> Apply(Vector<float> y, Vector<float> g) => g * (Vector<float>.One - (y * y));

        public float Apply(float y, float g) => g * (1f - (y * y));
    }
}
