using Edge.Engine.Layers.Core;
using Edge.Engine.Losses;
using Edge.Engine.Models;
using Edge.Engine.Models.Callbacks;
using Edge.Engine.Optimizers;
using Edge.Engine.Tensors;
using Edge.Engine.Tests.Convolution;
using Edge.Engine.Tests.Testing;

namespace Edge.Engine.Tests.Models;

public class SequentialTrainingTests
{
    [Theory]
    [InlineData("tanh")]
    [InlineData("relu")]
    public void Xor_with_a_2_4_1_network_reaches_loss_below_0_01(string hidden)
    {
        // Transcribed as the seed's Keras code would read.
        var model = new Sequential();
        model.Add(new Dense(4, activation: hidden), inputShape: new Shape(2));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Compile(optimizer: new Adam(learningRate: 0.05f), loss: new BinaryCrossentropy(), metrics: ["accuracy"], seed: 3);
        var history = model.Fit(ModelFixtures.Xor(), ModelFixtures.XorLabels(), epochs: 600, batchSize: 4);

        var (loss, accuracy) = model.Evaluate(ModelFixtures.Xor(), ModelFixtures.XorLabels());
        Assert.True(loss < 0.01, $"XOR loss {loss} after 600 epochs ({hidden} hidden)");
        Assert.Equal(1.0, accuracy);
        Assert.Equal(600, history["loss"].Count);
        Assert.True(history["loss"][^1] < history["loss"][0]);
    }

    [Fact]
    public void Same_seed_gives_bitwise_identical_weights_after_training()
    {
        static byte[] Train()
        {
            var (x, y) = ModelFixtures.Blobs(200, 5);
            var (xv, yv) = ModelFixtures.Blobs(50, 6);
            var model = ModelFixtures.SmallClassifier();
            model.Compile(new Adam(), new BinaryCrossentropy(), ["accuracy"], seed: 17);
            model.Fit(x, y, epochs: 3, batchSize: 32, validationData: (xv, yv), classWeight: new Dictionary<int, double> { [0] = 1, [1] = 2 });
            return model.GetWeights().SelectMany(w => w.SelectMany(BitConverter.GetBytes)).ToArray();
        }

        Assert.Equal(Train(), Train());
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(7, 7)]
    [InlineData(50, 7)] // more than the data holds: a full pass, 100 samples in ceil(100 / 16) = 7 batches
    public void Steps_per_epoch_bounds_the_batches_each_epoch_trains_on(int stepsPerEpoch, int expectedBatches)
    {
        var (x, y) = ModelFixtures.Blobs(100, 1);
        var model = ModelFixtures.SmallClassifier();
        model.Compile(new Adam(), new BinaryCrossentropy(), seed: 2);
        var seen = new List<(int Epoch, int Batch, int Batches)>();
        model.Fit(x, y, epochs: 2, batchSize: 16, stepsPerEpoch: stepsPerEpoch,
            callbacks: [new LambdaCallback(onBatchEnd: p => seen.Add((p.Epoch, p.Batch, p.Batches)))]);

        Assert.Equal(2 * expectedBatches, model.Optimizer!.Iterations);
        Assert.Equal(
            Enumerable.Range(0, 2).SelectMany(e => Enumerable.Range(0, expectedBatches).Select(b => (e, b, expectedBatches))),
            seen);
    }

    [Fact]
    public void Steps_per_epoch_must_be_positive()
    {
        var (x, y) = ModelFixtures.Blobs(10, 1);
        var model = ModelFixtures.SmallClassifier();
        model.Compile("adam", "binary_crossentropy");
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit(x, y, stepsPerEpoch: 0));
    }

    [Fact]
    public void Different_seeds_give_different_weights()
    {
        var a = ModelFixtures.SmallClassifier();
        a.Build(seed: 1);
        var b = ModelFixtures.SmallClassifier();
        b.Build(seed: 2);
        Assert.NotEqual(a.GetWeights()[0], b.GetWeights()[0]);
    }

    [Fact]
    public void History_has_keras_keys_for_train_and_validation()
    {
        var (x, y) = ModelFixtures.Blobs(100, 1);
        var model = ModelFixtures.SmallClassifier();
        model.Compile("adam", "binary_crossentropy", ["accuracy", "auc"]);
        var history = model.Fit(x, y, epochs: 2, batchSize: 16, validationData: (x, y));
        Assert.Equal(["accuracy", "auc", "loss", "val_accuracy", "val_auc", "val_loss"], history.Values.Keys.Order(StringComparer.Ordinal));
        Assert.All(history.Values.Values, list => Assert.Equal(2, list.Count));
    }

    [Fact]
    public void Reported_loss_uses_class_weights_divided_by_the_batch_size()
    {
        // One full batch, learning rate 0: the epoch loss is the weighted BCE of the initial predictions, Σ w·bce / N.
        var (x, y) = ModelFixtures.Blobs(40, 2);
        var model = ModelFixtures.SmallClassifier();
        model.Compile(new Sgd(learningRate: 0f), new BinaryCrossentropy(), seed: 4);
        var p = model.Predict(x);
        double expected = 0;
        for (var i = 0; i < 40; i++)
        {
            var w = y[i] == 1f ? 3.0 : 0.5;
            expected += w * -((y[i] * Math.Log(p[i])) + ((1 - y[i]) * Math.Log(1 - p[i])));
        }

        expected /= 40;
        var history = model.Fit(x, y, epochs: 1, batchSize: 40, classWeight: new Dictionary<int, double> { [0] = 0.5, [1] = 3 });
        Assert.Equal(expected, history["loss"][0], 5);
    }

    [Fact]
    public void Missing_class_weight_is_a_clear_error()
    {
        var (x, y) = ModelFixtures.Blobs(20, 2);
        var model = ModelFixtures.SmallClassifier();
        model.Compile(new Adam(), new BinaryCrossentropy());
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(x, y, classWeight: new Dictionary<int, double> { [0] = 1 }));
        Assert.Contains("class 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_keeps_sample_order_across_a_partial_last_batch()
    {
        var (x, _) = ModelFixtures.Blobs(10, 3);
        var model = ModelFixtures.SmallClassifier();
        model.Build(seed: 9);
        var all = model.Predict(x, batchSize: 4);
        Assert.Equal(new Shape(10, 1), all.Shape);
        for (var i = 0; i < 10; i++)
        {
            var one = model.Predict(Tensor.FromArray(x.ReadOnlySpan.Slice(i * 6, 6).ToArray(), 1, 6));
            Assert.Equal(one[0], all[i]);
        }
    }

    [Fact]
    public void Progress_callback_sees_every_batch_with_a_running_loss()
    {
        var (x, y) = ModelFixtures.Blobs(50, 3);
        var model = ModelFixtures.SmallClassifier();
        model.Compile(new Adam(), new BinaryCrossentropy());
        var seen = new List<BatchProgress>();
        var epochsEnded = 0;
        model.Fit(x, y, epochs: 2, batchSize: 16, callbacks: [new LambdaCallback(onBatchEnd: seen.Add, onEpochEnd: (_, _) => epochsEnded++)]);
        Assert.Equal(8, seen.Count); // ceil(50 / 16) = 4 batches per epoch
        Assert.All(seen, p => Assert.Equal(4, p.Batches));
        Assert.Equal(2, epochsEnded);
        Assert.All(seen, p => Assert.True(p.Loss > 0 && double.IsFinite(p.Loss)));
    }

    [Fact]
    public void Compile_is_required_before_fit()
    {
        var model = ModelFixtures.SmallClassifier();
        var ex = Assert.Throws<InvalidOperationException>(() => model.Fit(new Tensor(2, 6), new Tensor(2, 1)));
        Assert.Contains("compiled", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_input_shape_names_both_shapes()
    {
        var model = ModelFixtures.SmallClassifier();
        model.Compile(new Adam(), new BinaryCrossentropy());
        var ex = Assert.Throws<ArgumentException>(() => model.Fit(new Tensor(2, 5), new Tensor(2, 1)));
        Assert.Contains("(2, 5)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(None, 6)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_without_input_shape_builds_from_the_data_on_fit()
    {
        var model = new Sequential();
        model.Add(new Dense(3, activation: "tanh"));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Compile(new Adam(), new BinaryCrossentropy());
        var (x, y) = ModelFixtures.Blobs(10, 1);
        model.Fit(x, y, epochs: 1);
        Assert.Equal(new Shape(6), model.InputShape);
    }

    [Fact]
    public void Sequential_is_a_layer_whose_gradients_match_finite_differences()
    {
        var model = new Sequential(inputShape: new Shape(5));
        model.Add(new Dense(4, activation: "tanh"));
        model.Add(new Dense(3, activation: "sigmoid"));
        model.Build(seed: 2);
        GradientCheck.AssertGradientsMatch(model, SampleTensors.Uniform(8, 3, 5));
    }

    [Fact]
    public void A_memoryless_dense_model_does_not_solve_the_memory_task()
    {
        // Seeing only the current (last) step, the best possible accuracy is 75% (see MemoryTask); an LSTM gets > 95%.
        var (x, y) = MemoryTask.Generate(2000, steps: 30, seed: 11);
        var (xt, yt) = MemoryTask.Generate(1000, steps: 30, seed: 12);
        var model = new Sequential(inputShape: new Shape(1));
        model.Add(new Dense(16, activation: "tanh"));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Compile(new Adam(learningRate: 0.01f), new BinaryCrossentropy(), ["accuracy"], seed: 5);
        model.Fit(MemoryTask.LastStep(x), y, epochs: 20, batchSize: 64);
        var (_, accuracy) = model.Evaluate(MemoryTask.LastStep(xt), yt);
        Assert.InRange(accuracy, 0.6, 0.8);
    }

    [Fact]
    public void A_nested_model_built_for_another_shape_than_declared_says_so()
    {
        var inner = new Sequential(inputShape: new Shape(10, 1), name: "cnn");
        inner.Add(new Dense(2));
        var ex = Assert.Throws<ArgumentException>(() => inner.Build(new Shape(12, 1), new Rng(1)));
        Assert.Contains("cnn", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(None, 10, 1)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_split_holds_out_the_last_fraction_like_keras()
    {
        // 50 samples, split 0.2: floor(50 · 0.8) = 40 for training, the last 10 for validation. With lr 0 the weights
        // do not move, so val_loss must equal the loss evaluated on exactly those last 10 samples.
        var (x, y) = ModelFixtures.Blobs(50, 3);
        var model = ModelFixtures.SmallClassifier();
        model.Compile(new Sgd(learningRate: 0f), new BinaryCrossentropy(), seed: 2);
        var seen = 0;
        var history = model.Fit(x, y, epochs: 1, batchSize: 8, validationSplit: 0.2,
            callbacks: [new LambdaCallback(onBatchEnd: p => seen = p.Batches)]);
        Assert.Equal(5, seen); // ceil(40 / 8)
        var lastTen = (Tensor.FromArray(x.ReadOnlySpan[(40 * 6)..].ToArray(), 10, 6), Tensor.FromArray(y.ReadOnlySpan[40..].ToArray(), 10, 1));
        Assert.Equal(model.Evaluate(lastTen.Item1, lastTen.Item2).Loss, history["val_loss"][0], 10);
    }
}
