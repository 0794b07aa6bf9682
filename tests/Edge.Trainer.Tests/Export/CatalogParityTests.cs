using Edge.Engine.Tensors;
using Edge.ModelContract.Features;
using Edge.Trainer.Export;
using Edge.Trainer.Models;
using Microsoft.ML.OnnxRuntime;

namespace Edge.Trainer.Tests.Export;

/// <summary>
/// Every catalogue model at a small window with its own feature channels (the gateway: 5 per day, so 35 input
/// channels per week), glorot weights from the seed, random biases, 1,000 random inputs in one batch: ORT's scores
/// equal the engine's within 1e-5 absolute (the bar for the fp32 export).
/// </summary>
public sealed class CatalogParityTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData("seed-rnn", 28)]
    [InlineData("seed-cnn", 28)]
    [InlineData("seed-lstm", 28)]
    [InlineData("seed-cnn-lstm", 14)]
    [InlineData("gateway", 56)]
    [InlineData("wide-deep", 56)]
    public void ThousandInputsMatch(string name, int days)
    {
        var entry = ModelCatalog.Get(name);
        var model = entry.Create();
        var inputShape = entry.InputShape(entry.FeatureSpecFor(days, CleaningPolicy.Zheng2018));
        model.Build(inputShape, seed: 3);
        var rng = new Rng(5);
        OrtOracle.Randomize(model, rng, 0.1f, allWeights: false);
        var x = OrtOracle.RandomInput(rng, 1f, inputShape.WithBatch(1000));

        var expected = model.Predict(x, batchSize: 250);
        var actual = OrtOracle.Run(OnnxExporter.ExportBytes(model), x);

        var difference = OrtOracle.MaxAbsDifference(expected.ReadOnlySpan, actual);
        Assert.True(difference <= Tolerance, $"{name}: max |ORT - engine| = {difference}");
    }

    [Fact]
    public void FeatureSpecTravelsInMetadata()
    {
        var entry = ModelCatalog.Get("gateway");
        var model = entry.Create();
        var spec = entry.FeatureSpecFor(56, CleaningPolicy.Zheng2018);
        model.Build(entry.InputShape(spec), seed: 1);

        using var session = new InferenceSession(OnnxExporter.ExportBytes(model, spec));

        var stored = session.ModelMetadata.CustomMetadataMap[OnnxExporter.FeatureSpecKey];
        Assert.Equal(spec, FeatureSpecJson.Deserialize(stored));
        // 56 days = 8 weeks; 7 weekdays x 5 channels per week.
        Assert.Equal([-1, 8, 35], session.InputMetadata["input"].Dimensions);
    }
}
