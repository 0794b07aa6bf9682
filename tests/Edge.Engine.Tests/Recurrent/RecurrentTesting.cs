using Edge.Engine.Layers.Recurrent;
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

    /// <summary>v M (+ bias[biasOffset ..]) in double precision, for a row-major M with v.Length rows.</summary>
    public static double[] Affine(double[] v, Tensor matrix, Tensor? bias = null, int biasOffset = 0)
    {
        var cols = matrix.Length / v.Length;
        var result = new double[cols];
        for (var k = 0; k < cols; k++)
        {
            result[k] = bias is null ? 0 : bias[biasOffset + k];
            for (var i = 0; i < v.Length; i++)
            {
                result[k] += v[i] * matrix[(i * cols) + k];
            }
        }

        return result;
    }

    /// <summary>
    /// Runs the layer forward and compares every returned state with an independent cell unrolled in double precision:
    /// <paramref name="newSequence"/> gives, per sample, a step function x_t -> h_t that keeps its own state.
    /// </summary>
    public static void AssertForwardMatches(RecurrentLayer layer, Tensor input, Func<Func<double[], double[]>> newSequence)
    {
        int batch = input.Shape[0], steps = input.Shape[1], features = input.Shape[2], units = layer.Units;
        var output = layer.Forward(input, training: false);
        for (var b = 0; b < batch; b++)
        {
            var step = newSequence();
            for (var t = 0; t < steps; t++)
            {
                var x = new double[features];
                for (var f = 0; f < features; f++)
                {
                    x[f] = input[(((b * steps) + t) * features) + f];
                }

                var h = step(x);
                if (layer.ReturnSequences || t == steps - 1)
                {
                    for (var j = 0; j < units; j++)
                    {
                        var at = layer.ReturnSequences ? (((b * steps) + t) * units) + j : (b * units) + j;
                        Assert.Equal(h[j], output[at], 5);
                    }
                }
            }
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
