using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Merging;
using Edge.Engine.Models;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Convolution;

/// <summary>Checkpoints compare every layer's Config, so configs must not depend on names or process state.</summary>
public sealed class ConvolutionCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("conv-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Sequential Model(ulong seed)
    {
        var deep = new Sequential(
        [
            new Reshape([2, 7, 1]),
            new Conv2D(3, 3, activation: "relu", padding: "same"),
            new MaxPooling2D(2, padding: "same"),
            new Flatten(),
        ]);
        var model = new Sequential(
        [
            new ConcatenatedBranches([new Sequential([new Dense(4, activation: "relu")]), deep]),
            new Reshape([-1, 1]),
            new Conv1D(2, 3, activation: "relu", padding: "same", strides: 2),
            new BatchNormalization(),
            new MaxPooling1D(1),
            new GlobalAveragePooling1D(),
            new Dropout(0.25),
            new Dense(1, activation: "sigmoid"),
        ], new Shape(14));
        model.Build(seed);
        return model;
    }

    [Fact]
    public void Weights_round_trip_through_a_checkpoint_into_a_freshly_built_model()
    {
        var source = Model(seed: 1);
        // One training-mode pass moves BatchNormalization's running statistics away from their initial values.
        var x = SampleTensors.Uniform(2, 5, 14);
        source.Forward(x, training: true);
        var expected = source.Forward(x, training: false).Clone();
        var path = Path.Combine(_directory, "model.ckpt");
        source.SaveWeights(path);

        var target = Model(seed: 2);
        Assert.NotEqual(expected.Span.ToArray(), target.Forward(x, training: false).Span.ToArray());
        target.LoadWeights(path);

        Assert.Equal(expected.Span.ToArray(), target.Forward(x, training: false).Span.ToArray());
    }
}
