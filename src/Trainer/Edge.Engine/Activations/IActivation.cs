namespace Edge.Engine.Activations;

/// <summary>
/// An activation applied row by row: elementwise activations ignore <c>rowLength</c>; softmax normalises over each
/// row of <c>rowLength</c> values (the last axis, as Keras does). Forward and its derivative sit side by side.
/// </summary>
public interface IActivation
{
    /// <summary>Keras's name: "linear", "sigmoid", "relu", "tanh", "softmax", "elu", "leaky_relu".</summary>
    string Name { get; }

    void Forward(ReadOnlySpan<float> x, Span<float> y, int rowLength);

    /// <summary>dx = dL/dx given the forward input x, its output y and dy = dL/dy. May run in place (dx aliasing dy).</summary>
    void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int rowLength);
}
