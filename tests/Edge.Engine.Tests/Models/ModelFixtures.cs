using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Models;

internal static class ModelFixtures
{
    public static Tensor Xor() => Tensor.FromArray([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], 4, 2);

    public static Tensor XorLabels() => Tensor.FromArray([0f, 1f, 1f, 0f], 4, 1);

    /// <summary>A separable-ish binary problem: label 1 when a fixed linear score of 6 features plus noise is positive.</summary>
    public static (Tensor X, Tensor Y) Blobs(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new Tensor(count, 6);
        var y = new Tensor(count, 1);
        float[] direction = [1f, -0.5f, 0.25f, 0.8f, -1f, 0.3f];
        for (var i = 0; i < count; i++)
        {
            double score = 0;
            for (var j = 0; j < 6; j++)
            {
                var v = rng.Uniform(-1f, 1f);
                x[(i * 6) + j] = v;
                score += v * direction[j];
            }

            y[i] = score + (0.3 * rng.NextGaussian()) > 0 ? 1f : 0f;
        }

        return (x, y);
    }

    public static Sequential SmallClassifier()
    {
        var model = new Sequential(inputShape: new Shape(6));
        model.Add(new Dense(8, activation: "relu"));
        model.Add(new Dense(1, activation: "sigmoid"));
        return model;
    }
}
