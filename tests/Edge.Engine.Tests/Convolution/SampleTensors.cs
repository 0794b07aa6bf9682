using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Convolution;

/// <summary>Seeded random inputs and weights for layer tests.</summary>
internal static class SampleTensors
{
    public static Tensor Uniform(ulong seed, params int[] dims)
    {
        var rng = new Rng(seed);
        var t = new Tensor(dims);
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = rng.Uniform(-1f, 1f);
        }

        return t;
    }

    /// <summary>Distinct values at least 0.1 apart (a shuffled ramp), so max pooling has no near-ties for finite differences to cross.</summary>
    public static Tensor DistinctRamp(ulong seed, params int[] dims)
    {
        var t = new Tensor(dims);
        var values = Enumerable.Range(0, t.Length).Select(i => (i * 0.1f) - (t.Length * 0.05f)).ToArray();
        new Rng(seed).Shuffle(values.AsSpan());
        values.CopyTo(t.Span);
        return t;
    }

    public static void Randomize(Tensor t, ulong seed) => Uniform(seed, t.Length).Span.CopyTo(t.Span);
}
