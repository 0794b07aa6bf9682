using System.Numerics;
using System.Numerics.Tensors;

namespace Edge.Engine.Activations;

/// <summary>Keras "sigmoid": y = 1 / (1 + e^-x); dy/dx = y (1 - y).</summary>
public sealed class Sigmoid : IActivation
{
    public string Name => "sigmoid";

    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => TensorPrimitives.Sigmoid(x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength) =>
        Elementwise.Map(default(Derivative), y, dy, dx);

    private readonly struct Derivative : IBinaryOp
    {
        public Vector<float> Apply(Vector<float> y, Vector<float> g) => g * y * (Vector<float>.One - y);

        public float Apply(float y, float g) => g * y * (1f - y);
    }
}
