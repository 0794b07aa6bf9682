namespace Edge.Engine.Activations;

/// <summary>
/// Looks activations up by their Keras name, as <c>keras.activations.get</c> does, so layers can take
/// <c>activation: "relu"</c>. (Named Activation, not Activations, so it does not collide with this namespace.)
/// </summary>
public static class Activation
{
    public static IActivation Linear { get; } = new Linear();

    public static IActivation Sigmoid { get; } = new Sigmoid();

    public static IActivation Relu { get; } = new Relu();

    public static IActivation Tanh { get; } = new Tanh();

    public static IActivation Softmax { get; } = new Softmax();

    public static IActivation Elu { get; } = new Elu();

    public static IActivation LeakyRelu { get; } = new LeakyRelu();

    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["linear", "sigmoid", "relu", "tanh", "softmax", "elu", "leaky_relu"];

    /// <summary>The activation for a Keras name; null or empty means "linear", as in Keras layers.</summary>
    public static IActivation Get(string? kerasName) => kerasName switch
    {
        null or "" or "linear" => Linear,
        "sigmoid" => Sigmoid,
        "relu" => Relu,
        "tanh" => Tanh,
        "softmax" => Softmax,
        "elu" => Elu,
        "leaky_relu" => LeakyRelu,
        _ => throw new ArgumentException(
            $"Unknown activation '{kerasName}'. Known: {string.Join(", ", Names)} (PReLU is a layer: use new PRelu()).", nameof(kerasName)),
    };
}
