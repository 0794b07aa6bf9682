using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Tensor = Edge.Engine.Tensors.Tensor;

namespace Edge.Trainer.Tests.Export;

/// <summary>ONNX Runtime as the independent implementation the exported graphs are checked against.</summary>
internal static class OrtOracle
{
    public static float[] Run(byte[] onnx, Tensor input)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(onnx, options);
        var dims = input.Shape.Dimensions.ToArray();
        var tensor = new DenseTensor<float>(input.ReadOnlySpan.ToArray(), dims);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
        return results.Single(r => r.Name == "score").AsEnumerable<float>().ToArray();
    }

    /// <summary>Uniform values in [-scale, scale) of the given shape (batch first).</summary>
    public static Tensor RandomInput(Rng rng, float scale, Shape shape)
    {
        var t = new Tensor(shape);
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = rng.Uniform(-scale, scale);
        }

        return t;
    }

    /// <summary>Overwrites every bias (and, if <paramref name="allWeights"/>, every weight) so zero-initialised biases are exercised too.</summary>
    public static void Randomize(Sequential model, Rng rng, float scale, bool allWeights)
    {
        foreach (var p in model.Parameters)
        {
            if (allWeights || p.Name == "bias")
            {
                var span = p.Value.Span;
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = rng.Uniform(-scale, scale);
                }
            }
        }
    }

    /// <summary>Largest |a - b| over the two outputs, which must have the same length.</summary>
    public static float MaxAbsDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]), $"ORT output {i} is NaN");
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }
}
