using Edge.Engine.Layers.Core;
using Edge.Engine.Losses;
using Edge.Engine.Models;
using Edge.Engine.Optimizers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Tests.Models;

/// <summary>A sigmoid Dense head with probability BCE trains from the logits, as Keras's TensorFlow backend does.</summary>
public class LogitsHeadTests
{
    [Fact]
    public void A_saturated_sigmoid_still_gets_a_gradient_and_the_loss_comes_from_the_logit()
    {
        var model = new Sequential(inputShape: new Shape(1));
        model.Add(new Dense(1, activation: "sigmoid"));
        model.Compile(new Sgd(learningRate: 0.1f), new BinaryCrossentropy(), seed: 1);
        model.Parameters[0].Value[0] = 40f; // z = 40 → sigmoid is exactly 1.0f
        model.Parameters[1].Value[0] = 0f;
        var x = Tensor.FromArray([1f], 1, 1);
        var y = Tensor.FromArray([0f], 1, 1);

        // Logit form: max(z, 0) − z·t + log(1 + e^−|z|) = 40 (+4e-18); the clipped form would give −log(1e-7) ≈ 16.1.
        var loss = model.TrainOnBatch(x, y);
        Assert.Equal(40.0, loss, 6);
        // dL/dz = sigmoid(40) − 0 ≈ 1, dL/dkernel = dL/dz · x = 1, so kernel = 40 − 0.1·1.
        Assert.Equal(39.9f, model.Parameters[0].Value[0], 5);
        Assert.Equal(-0.1f, model.Parameters[1].Value[0], 5);
    }

    [Fact]
    public void Sigmoid_head_with_bce_trains_exactly_like_a_linear_head_with_bce_from_logits()
    {
        var (x, y) = ModelFixtures.Blobs(64, 7);

        float[][] Train(string? headActivation, Loss loss)
        {
            var model = new Sequential(inputShape: new Shape(6));
            model.Add(new Dense(5, activation: "tanh"));
            model.Add(new Dense(1, activation: headActivation));
            model.Compile(new Adam(learningRate: 0.01f), loss, seed: 3);
            model.Fit(x, y, epochs: 3, batchSize: 16);
            return model.GetWeights();
        }

        Assert.Equal(Train(null, new BinaryCrossentropy(fromLogits: true)), Train("sigmoid", new BinaryCrossentropy()));
    }

    [Fact]
    public void Softmax_head_with_categorical_crossentropy_trains_exactly_like_logits()
    {
        var (x, binary) = ModelFixtures.Blobs(48, 9);
        var y = new Tensor(48, 3);
        for (var i = 0; i < 48; i++)
        {
            y[(i * 3) + (binary[i] == 1f ? 2 : (int)(x[i * 6] > 0 ? 1 : 0))] = 1f;
        }

        float[][] Train(string? headActivation, Loss loss)
        {
            var model = new Sequential(inputShape: new Shape(6));
            model.Add(new Dense(3, activation: headActivation));
            model.Compile(new Adam(learningRate: 0.01f), loss, seed: 4);
            model.Fit(x, y, epochs: 2, batchSize: 16);
            return model.GetWeights();
        }

        Assert.Equal(Train(null, new CategoricalCrossentropy(fromLogits: true)), Train("softmax", new CategoricalCrossentropy()));
    }
}
