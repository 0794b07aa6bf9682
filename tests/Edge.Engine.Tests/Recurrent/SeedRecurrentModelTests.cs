using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Layers.Wrappers;
using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Recurrent;

/// <summary>The seed's recurrent models transcribed, with parameter counts from Keras's formulas.</summary>
public class SeedRecurrentModelTests
{
    [Fact]
    public void Seed_rnn_parameter_counts()
    {
        // SimpleRNN(128) on one feature: units * (features + units + 1) = 128 * 130 = 16,640;
        // Dense(64, relu): 128 * 64 + 64 = 8,256; Dense(1, sigmoid): 64 + 1 = 65.
        var model = new Sequential(new Shape(30, 1));
        model.Add(new SimpleRNN(128, name: "simple_rnn"));
        model.Add(new Dense(64, activation: "relu"));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Build(seed: 1);

        Assert.Equal([128L * (1 + 128 + 1), (128L * 64) + 64, 64L + 1], model.Layers.Select(l => l.ParameterCount).ToArray());
        Assert.Equal(16_640 + 8_256 + 65, model.ParameterCount);
        Assert.Matches(@"simple_rnn \(SimpleRNN\)\s+\(None, 128\)\s+16,640", model.Summary());
    }

    [Fact]
    public void Seed_lstm_parameter_counts()
    {
        // LSTM(128, input_shape=(num_features, 1)): 4 * units * (features + units + 1) = 4 * 128 * 130 = 66,560.
        const int numFeatures = 20;
        var model = new Sequential(new Shape(numFeatures, 1));
        model.Add(new LSTM(128, name: "lstm"));
        model.Add(new Dense(64, activation: "relu"));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Build(seed: 1);

        Assert.Equal(4L * 128 * (1 + 128 + 1), model.Layers[0].ParameterCount);
        Assert.Equal(66_560 + 8_256 + 65, model.ParameterCount);
        Assert.Matches(@"lstm \(LSTM\)\s+\(None, 128\)\s+66,560", model.Summary());
    }

    [Fact]
    public void Seed_cnn_lstm_parameter_counts()
    {
        // TimeDistributed(cnn_model, input_shape=(time_steps, num_features, 1)) -> LSTM(64) -> Dense(1, sigmoid).
        // Conv1D(f, 3) on c channels: 3 * c * f + f. MaxPooling1D(1) and 'same' padding keep the length, so Flatten
        // gives num_features * 512 values per timestep, the LSTM's feature count.
        const int timeSteps = 4, numFeatures = 7;
        var cnn = SeedCnn(numFeatures);
        var model = new Sequential(new Shape(timeSteps, numFeatures, 1));
        model.Add(new TimeDistributed(cnn, name: "time_distributed"));
        model.Add(new LSTM(64, name: "lstm"));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Build(seed: 1);

        long[] filters = [32, 64, 128, 256, 512];
        long convolution = 0, channels = 1;
        foreach (var f in filters)
        {
            convolution += (3 * channels * f) + f;
            channels = f;
        }

        Assert.Equal(523_328, convolution);
        var lstmFeatures = numFeatures * 512L;
        Assert.Equal(new Shape(timeSteps, numFeatures * 512), model.Layers[0].OutputShape);
        Assert.Equal(convolution, model.Layers[0].ParameterCount);
        Assert.Equal(4 * 64 * (lstmFeatures + 64 + 1), model.Layers[1].ParameterCount);
        Assert.Equal(convolution + (4 * 64 * (lstmFeatures + 64 + 1)) + 65, model.ParameterCount);
        Assert.Matches(@"time_distributed \(TimeDistributed\)\s+\(None, 4, 3584\)\s+523,328", model.Summary());
    }

    [Fact]
    public void Gru_and_lstm_stack_with_return_sequences()
    {
        // Stacked recurrent layers: the first returns every step, the second reads them.
        var model = new Sequential(new Shape(10, 3));
        model.Add(new GRU(8, returnSequences: true));
        model.Add(new LSTM(5));
        model.Build(seed: 1);
        Assert.Equal(new Shape(10, 8), model.Layers[0].OutputShape);
        Assert.Equal(3L * 8 * (3 + 8 + 2), model.Layers[0].ParameterCount);
        Assert.Equal(4L * 5 * (8 + 5 + 1), model.Layers[1].ParameterCount);
        Assert.Equal(new Shape(2, 5), model.Forward(new Tensor(2, 10, 3), training: false).Shape);
    }

    [Fact]
    public void Hybrid_model_gradients_match_finite_differences()
    {
        // A miniature of the seed's hybrid: per-timestep Conv1D -> MaxPooling1D -> Flatten, then LSTM, then Dense.
        var cnn = new Sequential(new Shape(5, 1));
        cnn.Add(new Conv1D(2, 3, activation: "tanh", padding: "same"));
        cnn.Add(new MaxPooling1D(1));
        cnn.Add(new Flatten());
        var model = new Sequential(new Shape(4, 5, 1));
        model.Add(new TimeDistributed(cnn));
        model.Add(new LSTM(3));
        model.Add(new Dense(1, activation: "tanh"));
        model.Build(seed: 2);

        GradientCheck.AssertGradientsMatch(model, RecurrentTesting.RandomInput(new Rng(3), 2, 4, 5, 1));
    }

    [Fact]
    public void Time_distributed_sequential_gradients_match_finite_differences()
    {
        var inner = new Sequential(new Shape(6, 2));
        inner.Add(new Conv1D(3, 3, activation: "tanh", padding: "same"));
        inner.Add(new Flatten());
        inner.Add(new Dense(2, activation: "tanh"));
        var wrapped = new TimeDistributed(inner);
        wrapped.Build(new Shape(3, 6, 2), new Rng(4));

        Assert.Equal(new Shape(3, 2), wrapped.OutputShape);
        GradientCheck.AssertGradientsMatch(wrapped, RecurrentTesting.RandomInput(new Rng(5), 2, 3, 6, 2));
    }

    private static Sequential SeedCnn(int numFeatures)
    {
        var cnn = new Sequential(new Shape(numFeatures, 1), name: "cnn");
        cnn.Add(new Conv1D(32, 3, activation: "relu", padding: "same"));
        cnn.Add(new MaxPooling1D(1));
        cnn.Add(new Conv1D(64, 3, activation: "relu", padding: "same"));
        cnn.Add(new MaxPooling1D(1));
        cnn.Add(new Conv1D(128, 3, activation: "relu", padding: "same"));
        cnn.Add(new MaxPooling1D(1));
        cnn.Add(new Conv1D(256, 3, activation: "relu", padding: "same"));
        cnn.Add(new MaxPooling1D(1));
        cnn.Add(new Conv1D(512, 3, activation: "relu", padding: "same"));
        cnn.Add(new MaxPooling1D(1));
        cnn.Add(new Flatten());
        return cnn;
    }
}
