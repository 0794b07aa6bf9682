using Edge.Engine.Layers;
using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Convolution;

/// <summary>The seed document's create_cnn_model(), transcribed layer by layer.</summary>
public class SeedCnnTests
{
    private static readonly int[] s_filters = [32, 64, 128, 256, 512];

    private static Sequential SeedCnn(int numFeatures)
    {
        var model = new Sequential();
        model.Add(new Conv1D(32, 3, activation: "relu", padding: "same"), inputShape: new Shape(numFeatures, 1));
        model.Add(new MaxPooling1D(1));
        model.Add(new Conv1D(64, 3, activation: "relu", padding: "same"));
        model.Add(new MaxPooling1D(1));
        model.Add(new Conv1D(128, 3, activation: "relu", padding: "same"));
        model.Add(new MaxPooling1D(1));
        model.Add(new Conv1D(256, 3, activation: "relu", padding: "same"));
        model.Add(new MaxPooling1D(1));
        model.Add(new Conv1D(512, 3, activation: "relu", padding: "same"));
        model.Add(new MaxPooling1D(1));
        model.Add(new Flatten());
        model.Add(new Dense(64, activation: "relu"));
        model.Add(new Dense(1, activation: "sigmoid"));
        return model;
    }

    /// <summary>Keras's counts: (kernel_size * in + 1) * filters per Conv1D, (in + 1) * units per Dense, 0 for pooling and Flatten.</summary>
    private static long[] KerasCounts(int numFeatures)
    {
        var counts = new List<long>();
        var channels = 1;
        foreach (var filters in s_filters)
        {
            counts.Add(((3L * channels) + 1) * filters);
            counts.Add(0);
            channels = filters;
        }

        counts.Add(0); // Flatten: "same" padding keeps numFeatures steps, so numFeatures * 512 values
        counts.Add(((long)numFeatures * 512 + 1) * 64);
        counts.Add((64 + 1) * 1);
        return [.. counts];
    }

    [Theory]
    [InlineData(30, 1_506_497)]      // 523,328 in the convolutions + (30*512+1)*64 + 65
    [InlineData(1034, 34_405_569)]   // 523,328 + (1034*512+1)*64 + 65: the Dense after Flatten dominates
    public void Parameter_counts_match_keras(int numFeatures, long expectedTotal)
    {
        var model = SeedCnn(numFeatures);
        model.Build(seed: 1);

        Assert.Equal(KerasCounts(numFeatures), model.Layers.Select(l => l.ParameterCount).ToArray());
        Assert.Equal(expectedTotal, KerasCounts(numFeatures).Sum());
        Assert.Equal(expectedTotal, model.ParameterCount);
        Assert.Equal(new Shape(numFeatures, 512), model.Layers[9].OutputShape);
        Assert.Equal(new Shape(1), model.OutputShape);
    }

    [Fact]
    public void A_small_stack_of_the_same_layers_has_consistent_gradients()
    {
        // The seed's layer types chained (tanh instead of relu, so finite differences see no kinks).
        var model = new Sequential(
        [
            new Conv1D(4, 3, activation: "tanh", padding: "same"),
            new MaxPooling1D(1),
            new Conv1D(3, 3, activation: "tanh", padding: "same"),
            new Flatten(),
            new Dense(2, activation: "tanh"),
        ], new Shape(6, 1));
        model.Build(seed: 2);
        GradientCheck.AssertGradientsMatch(model, SampleTensors.Uniform(3, 2, 6, 1));
    }

    [Fact]
    public void Macs_per_sample_sum_the_convolutions_and_dense_layers()
    {
        var model = SeedCnn(30);
        model.Build(seed: 1);
        long expected = 0;
        var channels = 1;
        foreach (var filters in s_filters)
        {
            expected += 30L * 3 * channels * filters; // every step: kernel_size * in * filters
            channels = filters;
        }

        Layer conv = model.Layers[0];
        Assert.Equal(30L * 3 * 1 * 32, conv.ForwardMacsPerSample);
        Assert.Equal(expected, model.Layers.Take(10).Sum(l => l.ForwardMacsPerSample));
    }

    [Fact]
    public void Summary_shows_keras_output_shapes_and_totals()
    {
        var model = SeedCnn(30);
        model.Build(seed: 1);
        var lines = model.Summary().Split('\n');

        // "same" padding and MaxPooling1D(1) keep 30 steps; Flatten gives 30 * 512 = 15,360.
        Assert.Contains(lines, l => l.Contains("(Conv1D)", StringComparison.Ordinal) && l.Contains("(None, 30, 32)", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 128", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("(MaxPooling1D)", StringComparison.Ordinal) && l.Contains("(None, 30, 512)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("(Flatten)", StringComparison.Ordinal) && l.Contains("(None, 15360)", StringComparison.Ordinal));
        // 1,506,497 float32 weights = 6,025,988 bytes = 5.75 MB (1 MB = 1024 * 1024 bytes).
        Assert.Contains("Total params: 1,506,497 (5.75 MB)", lines.Select(l => l.TrimEnd()));
        Assert.Contains("Non-trainable params: 0 (0.00 B)", lines.Select(l => l.TrimEnd()));
    }
}
