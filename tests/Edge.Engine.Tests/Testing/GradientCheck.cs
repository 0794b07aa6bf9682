using Edge.Engine.Layers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Testing;

/// <summary>
/// Central finite differences against a layer's analytic backward pass. The scalar checked is
/// L = sum(output * projection) with a fixed random projection, so every output element carries a distinct weight.
/// Differences are taken in float32 (the layer's own precision) with a step large enough to beat rounding; the
/// tolerance is relative to the larger of the two gradients plus a small absolute floor.
/// </summary>
public static class GradientCheck
{
    public sealed record Result(string What, int Index, double Analytic, double Numeric);

    /// <summary>Checks dL/dInput and dL/dParameter for every parameter. Returns the mismatches (empty when all agree).</summary>
    public static List<Result> Check(Layer layer, Tensor input, bool training = false, ulong seed = 1, float step = 1e-2f,
        double relativeTolerance = 2e-2, double absoluteTolerance = 2e-3, int maxCoordinatesPerTensor = 64)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        var rng = new Rng(seed);
        var output = layer.Forward(input, training);
        var projection = new float[output.Length];
        for (var i = 0; i < projection.Length; i++)
        {
            projection[i] = rng.Uniform(-1f, 1f);
        }

        var outputGradient = new Tensor(output.Shape, (float[])projection.Clone());
        var inputGradient = layer.Backward(outputGradient).Clone();
        var parameterGradients = layer.Parameters.Select(p => p.Gradient.Clone()).ToList();

        double Loss()
        {
            var y = layer.Forward(input, training);
            double sum = 0;
            var span = y.ReadOnlySpan;
            for (var i = 0; i < span.Length; i++)
            {
                sum += (double)span[i] * projection[i];
            }

            return sum;
        }

        var failures = new List<Result>();
        CheckTensor("input", input, inputGradient, Loss, rng, step, relativeTolerance, absoluteTolerance, maxCoordinatesPerTensor, failures);
        for (var p = 0; p < layer.Parameters.Count; p++)
        {
            var parameter = layer.Parameters[p];
            if (parameter.Trainable)
            {
                CheckTensor(parameter.Name, parameter.Value, parameterGradients[p], Loss, rng, step, relativeTolerance, absoluteTolerance, maxCoordinatesPerTensor, failures);
            }
        }

        return failures;
    }

    /// <summary>Asserts that the check passes, listing the first mismatches otherwise.</summary>
    public static void AssertGradientsMatch(Layer layer, Tensor input, bool training = false, ulong seed = 1, float step = 1e-2f,
        double relativeTolerance = 2e-2, double absoluteTolerance = 2e-3)
    {
        var failures = Check(layer, input, training, seed, step, relativeTolerance, absoluteTolerance);
        Assert.True(failures.Count == 0,
            $"{failures.Count} gradient mismatches in {layer}:\n" +
            string.Join("\n", failures.Take(10).Select(f => $"  d/d{f.What}[{f.Index}]: analytic {f.Analytic:G6}, numeric {f.Numeric:G6}")));
    }

    private static void CheckTensor(string what, Tensor values, Tensor analytic, Func<double> loss, Rng rng, float step,
        double relativeTolerance, double absoluteTolerance, int maxCoordinates, List<Result> failures)
    {
        var indices = Enumerable.Range(0, values.Length).ToArray();
        if (indices.Length > maxCoordinates)
        {
            rng.Shuffle(indices.AsSpan());
            indices = indices[..maxCoordinates];
        }

        foreach (var i in indices)
        {
            var original = values[i];
            values[i] = original + step;
            var plus = loss();
            values[i] = original - step;
            var minus = loss();
            values[i] = original;
            var numeric = (plus - minus) / (2.0 * step);
            var a = (double)analytic[i];
            var scale = Math.Max(Math.Abs(a), Math.Abs(numeric));
            if (Math.Abs(a - numeric) > absoluteTolerance + (relativeTolerance * scale))
            {
                failures.Add(new Result(what, i, a, numeric));
            }
        }
    }
}
