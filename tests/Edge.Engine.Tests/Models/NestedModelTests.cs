using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Wrappers;
using Edge.Engine.Losses;
using Edge.Engine.Models;
using Edge.Engine.Optimizers;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Convolution;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Models;

/// <summary>A Sequential inside TimeDistributed, as the seed's TimeDistributed(cnn_model) combined model.</summary>
public sealed class NestedModelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edge-nested-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Sequential Combined(ulong seed)
    {
        var perStep = new Sequential(inputShape: new Shape(4), name: "per_step");
        perStep.Add(new Dense(3, activation: "tanh"));
        perStep.Add(new Dense(2, activation: "relu"));
        var model = new Sequential(inputShape: new Shape(5, 4), name: "combined");
        model.Add(new TimeDistributed(perStep));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Build(seed);
        return model;
    }

    [Fact]
    public void Summary_counts_the_inner_models_weights()
    {
        // Inner: 4·3 + 3 = 15 and 3·2 + 2 = 8; head on the last axis: 2·1 + 1 = 3. Total 26.
        var model = Combined(1);
        Assert.Matches(@"\(TimeDistributed\)\s+\(None, 5, 2\)\s+23", model.Summary());
        Assert.Contains("Total params: 26 (104.00 B)", model.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Gradients_through_the_nested_model_match_finite_differences()
    {
        GradientCheck.AssertGradientsMatch(Combined(2), SampleTensors.Uniform(3, 2, 5, 4));
    }

    [Fact]
    public void Trains_and_round_trips_through_a_checkpoint()
    {
        var x = SampleTensors.Uniform(4, 16, 5, 4);
        var y = new Tensor(16, 5, 1);
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = x[i * 4] > 0 ? 1f : 0f;
        }

        var model = Combined(3);
        model.Compile(new Adam(0.01f), new BinaryCrossentropy(), ["accuracy"]);
        var history = model.Fit(x, y, epochs: 5, batchSize: 8);
        Assert.True(history["loss"][^1] < history["loss"][0]);

        var path = Path.Combine(_directory, "nested.ckpt");
        model.SaveWeights(path);
        var loaded = Combined(99);
        loaded.LoadWeights(path);
        Assert.Equal(model.GetWeights(), loaded.GetWeights());
        Assert.Equal(model.Predict(x).ReadOnlySpan.ToArray(), loaded.Predict(x).ReadOnlySpan.ToArray());
    }
}
