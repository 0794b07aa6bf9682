using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Recurrent;

/// <summary>Inputs, weights and checks shared by the recurrent layer tests.</summary>
internal static class RecurrentTesting
{
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    public static Tensor RandomInput(Rng rng, params int[] dims)
    {
        var tensor = new Tensor(dims);
        Randomize(tensor, rng, 1f);
        return tensor;
    }

    public static void Randomize(Tensor tensor, Rng rng, float scale)
    {
        var span = tensor.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = rng.Uniform(-scale, scale);
        }
    }

    /// <summary>W W^T = I for a matrix with at most as many rows as columns, to float precision.</summary>
    public static void AssertRowsOrthonormal(Tensor matrix)
    {
        var rows = matrix.Shape[0];
        var cols = matrix.Length / rows;
        for (var a = 0; a < rows; a++)
        {
            for (var b = 0; b < rows; b++)
            {
                double dot = 0;
                for (var k = 0; k < cols; k++)
                {
                    dot += (double)matrix[(a * cols) + k] * matrix[(b * cols) + k];
                }

                Assert.True(Math.Abs(dot - (a == b ? 1.0 : 0.0)) < 1e-5, $"row {a} . row {b} = {dot}");
            }
        }
    }

    /// <summary>Runs the action twice to warm up, then asserts a third run allocates nothing on this thread.</summary>
    public static void AssertNoSteadyStateAllocation(Action step)
    {
        step();
        step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        step();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{allocated} bytes allocated in a steady-state training step.");
    }
}
