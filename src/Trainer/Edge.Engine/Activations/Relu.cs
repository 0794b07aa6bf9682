using System.Numerics;
using System.Numerics.Tensors;

namespace Edge.Engine.Activations;

/// <summary>Keras "relu": y = max(x, 0); the derivative at exactly 0 is taken as 0, as TensorFlow does.</summary>
public sealed class Relu : IActivation
{
    public string Name => "relu";

    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => TensorPrimitives.Max(x, 0f, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength) =>
        Elementwise.Map(default(Derivative), x, dy, dx);

    private readonly struct Derivative : IBinaryOp
    {
        public Vector<float> Apply(Vector<float> x, Vector<float> g) =>
            Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), g, Vector<float>.Zero);

        public float Apply(float x, float g) => x > 0f ? g : 0f;
    }
}
