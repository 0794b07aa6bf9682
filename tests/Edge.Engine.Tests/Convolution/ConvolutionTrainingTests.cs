using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Losses;
using Edge.Engine.Models;
using Edge.Engine.Optimizers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Convolution;

/// <summary>The layers learn through Sequential.Fit, not only pass gradient checks.</summary>
public class ConvolutionTrainingTests
{
    /// <summary>
    /// Series of 24 "days" of noise; in class 1 a three-day dip (consumption drops by 1.5, as when a meter is bypassed)
    /// sits at a random place. A position-independent detector is what a convolution followed by global max pooling
    /// expresses, so a tiny CNN should separate the classes almost perfectly.
    /// </summary>
    private static (Tensor X, Tensor Y) Dips(int samples, ulong seed)
    {
        const int Days = 24;
        var rng = new Rng(seed);
        var x = new Tensor(samples, Days, 1);
        var y = new Tensor(samples, 1);
        for (var s = 0; s < samples; s++)
        {
            for (var d = 0; d < Days; d++)
            {
                x[(s * Days) + d] = rng.Uniform(-0.3f, 0.3f);
            }

            if (s % 2 == 1)
            {
                y[s] = 1f;
                var start = rng.NextInt(Days - 3);
                for (var d = start; d < start + 3; d++)
                {
                    x[(s * Days) + d] -= 1.5f;
                }
            }
        }

        return (x, y);
    }

    [Fact]
    public void A_small_cnn_learns_to_find_a_dip_anywhere_in_the_series()
    {
        var (x, y) = Dips(256, seed: 1);
        var (xTest, yTest) = Dips(128, seed: 2);
        var model = new Sequential(
        [
            new Conv1D(4, 3, activation: "relu", padding: "same"),
            new BatchNormalization(),
            new MaxPooling1D(2),
            new Conv1D(4, 3, activation: "relu", padding: "same"),
            new GlobalMaxPooling1D(),
            new Dropout(0.1),
            new Dense(1, activation: "sigmoid"),
        ], new Shape(24, 1));
        model.Compile(new Adam(learningRate: 0.01f), new BinaryCrossentropy(), ["accuracy"], seed: 3);

        var before = model.Evaluate(xTest, yTest);
        model.Fit(x, y, epochs: 30, batchSize: 32);
        var after = model.Evaluate(xTest, yTest);

        Assert.True(after.Loss < before.Loss / 4, $"test loss {before.Loss:F3} -> {after.Loss:F3}");
        Assert.True(after["accuracy"] >= 0.95, $"test accuracy {after["accuracy"]:F3}");
    }
}
