namespace Edge.Engine.Activations;

/// <summary>Keras "linear": the identity.</summary>
public sealed class Linear : IActivation
{
    public string Name => "linear";

    public void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength) => x.CopyTo(y);

    public void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength) => dy.CopyTo(dx);
}
