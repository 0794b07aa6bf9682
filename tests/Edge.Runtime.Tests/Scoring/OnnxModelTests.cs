using Edge.Engine.Tensors;
using Edge.ModelContract.Bundles;
using Edge.Runtime.Scoring;
using Edge.Runtime.Tests.Support;

namespace Edge.Runtime.Tests.Scoring;

/// <summary>The gateway's ORT session scores as the Trainer's own forward pass (an independent implementation).</summary>
public sealed class OnnxModelTests
{
    [Fact]
    public void ScoresEqualTheEnginesForwardPass()
    {
        using var key = BundleSigningKey.Generate();
        using var trusted = BundlePublicKey.FromPem(key.ExportPublicKeyPem(), "test");
        var made = TestBundles.Gateway(key, version: 1);
        using var model = OnnxModel.Load(ModelBundle.Verify(made.Bytes, [trusted]));

        const int batch = 20;
        var rng = new Random(5);
        var features = new float[batch * model.ValuesPerSample];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)rng.NextDouble();
        }

        var scores = model.Score(features, batch);
        var engine = made.Network.Predict(new Tensor(made.InputShape.WithBatch(batch), features), batch).ReadOnlySpan;

        Assert.Equal(made.InputShape.ElementCount, model.ValuesPerSample);
        Assert.Equal(batch, scores.Length);
        for (var i = 0; i < batch; i++)
        {
            Assert.InRange(scores[i], engine[i] - 1e-5f, engine[i] + 1e-5f);
        }
    }

    [Fact]
    public void WrongFeatureCountIsRefusedWithTheExpectedSize()
    {
        using var key = BundleSigningKey.Generate();
        using var trusted = BundlePublicKey.FromPem(key.ExportPublicKeyPem(), "test");
        using var model = OnnxModel.Load(ModelBundle.Verify(TestBundles.Gateway(key, version: 1).Bytes, [trusted]));

        var error = Assert.Throws<ArgumentException>(() => model.Score(new float[model.ValuesPerSample + 1], 1));

        Assert.Contains($"takes {model.ValuesPerSample} per sample", error.Message, StringComparison.Ordinal);
    }
}
