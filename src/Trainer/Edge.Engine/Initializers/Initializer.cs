using Edge.Engine.Tensors;

namespace Edge.Engine.Initializers;

/// <summary>
/// Fills a weight tensor. fanIn and fanOut follow Keras's _compute_fans: for a dense kernel (in, out) they are in and
/// out; for a Conv1D kernel (kernel_size, in, out) they are kernel_size*in and kernel_size*out.
/// </summary>
public interface IInitializer
{
    string KerasName { get; }

    void Fill(Tensor weights, int fanIn, int fanOut, Rng rng);
}

/// <summary>Looks initializers up by their Keras name, as <c>keras.initializers.get</c> does.</summary>
public static class Initializer
{
    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "zeros", "ones", "orthogonal"];

    public static IInitializer Get(string kerasName) => kerasName switch
    {
        "glorot_uniform" => new GlorotUniform(),
        "glorot_normal" => new GlorotNormal(),
        "he_normal" => new HeNormal(),
        "he_uniform" => new HeUniform(),
        "zeros" => new Zeros(),
        "ones" => new Ones(),
        "orthogonal" => new Orthogonal(),
        _ => throw new ArgumentException($"Unknown initializer '{kerasName}'. Known: {string.Join(", ", Names)}.", nameof(kerasName)),
    };
}
