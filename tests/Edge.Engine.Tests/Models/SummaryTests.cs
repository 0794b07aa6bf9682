using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Models;

public class SummaryTests
{
    [Fact]
    public void Counts_match_keras_for_the_seed_classifier_head()
    {
        // Dense(64, relu) on 128 features: 128·64 + 64 = 8,256; Dense(1, sigmoid): 64 + 1 = 65; total 8,321
        // = 33,284 bytes = 32.50 KB (Keras 3 prints sizes in 1024-byte KB with two decimals).
        var model = new Sequential(inputShape: new Shape(128), name: "sequential");
        model.Add(new Dense(64, activation: "relu", name: "dense"));
        model.Add(new Dense(1, activation: "sigmoid", name: "dense_1"));
        model.Build(seed: 0);
        var summary = model.Summary();

        Assert.Contains("Model: \"sequential\"", summary, StringComparison.Ordinal);
        Assert.Matches(@"dense \(Dense\)\s+\(None, 64\)\s+8,256", summary);
        Assert.Matches(@"dense_1 \(Dense\)\s+\(None, 1\)\s+65", summary);
        Assert.Contains("Total params: 8,321 (32.50 KB)", summary, StringComparison.Ordinal);
        Assert.Contains("Trainable params: 8,321 (32.50 KB)", summary, StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 0 (0.00 B)", summary, StringComparison.Ordinal);
        Assert.Equal(8321, model.ParameterCount);
    }

    [Fact]
    public void Sequence_input_shows_time_axis_in_output_shape()
    {
        var model = new Sequential(inputShape: new Shape(30, 7));
        model.Add(new Dense(5, name: "per_step"));
        model.Build(seed: 0);
        Assert.Matches(@"per_step \(Dense\)\s+\(None, 30, 5\)\s+40", model.Summary());
    }

    [Fact]
    public void Summary_of_an_unbuilt_model_says_what_to_do()
    {
        var model = new Sequential();
        model.Add(new Dense(1));
        var ex = Assert.Throws<InvalidOperationException>(model.Summary);
        Assert.Contains("Build", ex.Message, StringComparison.Ordinal);
    }
}
