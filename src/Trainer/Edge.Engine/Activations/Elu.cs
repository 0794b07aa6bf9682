using System.Numerics;
using System.Numerics.Tensors;

namespace Edge.Engine.Activations;

/// <summary>Keras "elu": y = x for x > 0, else alpha (e^x − 1); dy/dx = 1 for x > 0, else y + alpha. Keras's alpha is 1.0.</summary>
public sealed class Elu(float alpha = 1f) : IActivation
{
    public float Alpha { get; } = alpha;

    public string Name => "elu";

    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength)
    {
        if (x.Overlaps(y))
        {
            throw new ArgumentException("ELU's forward cannot run in place: it needs x after writing e^x into y.", nameof(y));
        }

        TensorPrimitives.Exp(x, y);
        Elementwise.Map(new Select(Alpha), x, y, y);
    }

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength) =>
        Elementwise.Map(new Derivative(Alpha), x, y, dy, dx);

    private readonly struct Select(float alpha) : IBinaryOp
    {
        public Vector<float> Apply(Vector<float> x, Vector<float> ex) =>
            Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), x, new Vector<float>(alpha) * (ex - Vector<float>.One));

        public float Apply(float x, float ex) => x > 0f ? x : alpha * (ex - 1f);
    }

    private readonly struct Derivative(float alpha) : ITernaryOp
    {
        public Vector<float> Apply(Vector<float> x, Vector<float> y, Vector<float> g) =>
            Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), g, g * (y + new Vector<float>(alpha)));

        public float Apply(float x, float y, float g) => x > 0f ? g : g * (y + alpha);
    }
}
