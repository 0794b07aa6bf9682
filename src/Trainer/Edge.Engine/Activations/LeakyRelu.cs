using System.Numerics;
namespace Edge.Engine.Activations;

/// <summary>
/// y = x for x > 0, else negativeSlope · x. Keras 3's activation <c>leaky_relu</c> defaults to a slope of 0.2; its
/// layer <c>LeakyReLU</c> defaults to 0.3 (keras.activations.leaky_relu and keras.layers.LeakyReLU).
/// </summary>
public sealed class LeakyRelu(float negativeSlope = LeakyRelu.ActivationDefaultSlope) : IActivation
{
    public const float ActivationDefaultSlope = 0.2f;

    public float NegativeSlope { get; } = negativeSlope;

    public string Name => "leaky_relu";

    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) =>
        Elementwise.Map(new Scale(NegativeSlope), x, x, y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength) =>
        Elementwise.Map(new Scale(NegativeSlope), x, dy, dx);

    /// <summary>Passes b where x > 0 and slope · b elsewhere: forward with b = x, backward with b = dy.</summary>
    private readonly struct Scale(float slope) : IBinaryOp
    {
        public Vector<float> Apply(Vector<float> x, Vector<float> b) =>
            Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<float>.Zero), b, b * slope);

        public float Apply(float x, float b) => x > 0f ? b : b * slope;
    }
}
