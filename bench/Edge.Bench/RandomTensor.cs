using Edge.Engine.Tensors;

namespace Edge.Bench;

/// <summary>Benchmark operands: uniform in [-1, 1) from a fixed seed, so every run measures the same data.</summary>
internal static class RandomTensor
{
    public static Tensor Uniform(Shape shape, ulong seed)
    {
        var rng = new Rng(seed);
        var t = new Tensor(shape);
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = rng.Uniform(-1f, 1f);
        }

        return t;
    }
}
