using Edge.Engine.Tensors;

namespace Edge.Engine.Initializers;

/// <summary>Fills every weight with one value; draws nothing from the generator.</summary>
public class Constant(string kerasName, float value) : IInitializer
{
    public string KerasName { get; } = kerasName;

    public float Value { get; } = value;

    public void Fill(Tensor weights, int fanIn, int fanOut, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.Span.Fill(Value);
    }
}

/// <summary>Keras's default bias initializer.</summary>
public sealed class Zeros() : Constant("zeros", 0f);

/// <summary>Keras's "ones" (BatchNormalization's gamma).</summary>
public sealed class Ones() : Constant("ones", 1f);
