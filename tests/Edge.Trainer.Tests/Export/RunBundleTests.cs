using Edge.ModelContract.Bundles;
using Edge.ModelContract.Features;
using Edge.Trainer.Evaluation;
using Edge.Trainer.Export;
using Edge.Trainer.Export.Quantization;
using Google.Protobuf;
using Edge.Trainer.Models;
using Tensor = Edge.Engine.Tensors.Tensor;

namespace Edge.Trainer.Tests.Export;

/// <summary>A bundle made from an exported model verifies with the signer's public key, and its test vectors' scores are the model's.</summary>
public sealed class RunBundleTests
{
    [Fact]
    public void BundleVerifiesAndVectorsScoreAsTheEngine()
    {
        var entry = ModelCatalog.Get("gateway");
        var network = entry.Create();
        var spec = entry.FeatureSpecFor(56, CleaningPolicy.Zheng2018);
        var shape = entry.InputShape(spec);
        network.Build(shape, seed: 2);
        var onnx = OnnxExporter.ExportBytes(network);
        var test = DetectionMetrics.Compute([0.1f, 0.9f, 0.4f, 0.7f], [0, 1, 0, 1], 0.5f);
        using var key = BundleSigningKey.Generate();
        using var trusted = BundlePublicKey.FromPem(key.ExportPublicKeyPem(), "test key");
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        var source = new RunBundle.BundleSource(spec, shape.Dimensions.ToArray(), test, 9);

        var bundle = RunBundle.Create(source, onnx, "gateway-theft", 3, key, clock);
        var verified = ModelBundle.Verify(bundle, [trusted]);

        Assert.Equal(3, verified.Manifest.Version);
        Assert.Equal(clock.GetUtcNow(), verified.Manifest.CreatedUtc);
        Assert.Equal(0.5f, verified.Manifest.Threshold);
        Assert.Equal(1.0, verified.Manifest.TestMetrics["rocAuc"]);
        Assert.Equal(onnx, verified.Model);
        Assert.Equal(RunBundle.TestVectorCount, verified.TestVectors.Inputs.Count);
        var x = new Tensor(shape.WithBatch(RunBundle.TestVectorCount), verified.TestVectors.Inputs.SelectMany(v => v).ToArray());
        var engine = network.Predict(x, 32).ReadOnlySpan;
        Assert.True(OrtOracle.MaxAbsDifference(engine, verified.TestVectors.ExpectedScores.ToArray()) <= 1e-5f);
        Assert.Equal(ModelPrecision.Fp32, verified.Manifest.Model.Precision);
        Assert.Equal(RunBundle.Fp32Tolerance, verified.TestVectors.Tolerance);
    }

    /// <summary>
    /// The int8 model is what ships by default: the manifest says int8, and the expected scores are the int8 model's
    /// own in ORT (bit for bit), not the fp32 scores it approximates.
    /// </summary>
    [Fact]
    public void Int8BundleCarriesTheInt8ModelsOwnScores()
    {
        var entry = ModelCatalog.Get("gateway");
        var network = entry.Create();
        var spec = entry.FeatureSpecFor(56, CleaningPolicy.Zheng2018);
        var shape = entry.InputShape(spec);
        network.Build(shape, seed: 2);
        var fp32 = OnnxExporter.Export(network);
        var calibration = Quantization.QuantizedModel.Uniform(new Edge.Engine.Tensors.Rng(3), 0f, 1f, shape.WithBatch(64));
        var int8 = OnnxQuantizer.Quantize(fp32, shape.Dimensions.ToArray(), Quantization.QuantizedModel.Rows(calibration), CalibrationMethod.MinMax).ToByteArray();
        var test = DetectionMetrics.Compute([0.1f, 0.9f, 0.4f, 0.7f], [0, 1, 0, 1], 0.5f);
        using var key = BundleSigningKey.Generate();
        using var trusted = BundlePublicKey.FromPem(key.ExportPublicKeyPem(), "test key");
        var source = new RunBundle.BundleSource(spec, shape.Dimensions.ToArray(), test, 9);

        var verified = ModelBundle.Verify(RunBundle.Create(source, int8, "gateway-theft", 4, key, new FixedClock(DateTimeOffset.UnixEpoch)), [trusted]);

        Assert.Equal(ModelPrecision.Int8, verified.Manifest.Model.Precision);
        Assert.Equal(int8, verified.Model);
        Assert.Equal(RunBundle.Int8Tolerance, verified.TestVectors.Tolerance);
        var x = new Tensor(shape.WithBatch(RunBundle.TestVectorCount), verified.TestVectors.Inputs.SelectMany(v => v).ToArray());
        Assert.Equal(OrtOracle.Run(int8, x), verified.TestVectors.ExpectedScores);
        Assert.True(OrtOracle.MaxAbsDifference(OrtOracle.Run(fp32.ToByteArray(), x), verified.TestVectors.ExpectedScores.ToArray()) > 0f);
    }
}

/// <summary>A clock stopped at one instant (the test project does not reference FakeTimeProvider).</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
