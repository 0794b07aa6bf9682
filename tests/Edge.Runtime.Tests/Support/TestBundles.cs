using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.Features;
using Edge.Trainer.Evaluation;
using Edge.Trainer.Export;
using Edge.Trainer.Models;

namespace Edge.Runtime.Tests.Support;

/// <summary>A signed bundle made the way a utility makes one (Trainer export + RunBundle), with the network behind it.</summary>
public sealed record TestBundle(byte[] Bytes, Sequential Network, Shape InputShape, FeatureSpec Spec);

/// <summary>Builds real, signed gateway bundles for tests: an untrained `gateway` network with seeded weights.</summary>
public static class TestBundles
{
    public static readonly DateTimeOffset CreatedUtc = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A bundle of the catalog's gateway model over <paramref name="windowDays"/> days, signed by <paramref name="key"/>.</summary>
    public static TestBundle Gateway(BundleSigningKey key, long version, int windowDays = 56, ulong seed = 2, string modelId = "gateway-theft")
    {
        var entry = ModelCatalog.Get("gateway");
        var network = entry.Create();
        var spec = new FeatureSpec { WindowDays = windowDays };
        var shape = entry.InputShape(spec);
        network.Build(shape, seed);
        var onnx = OnnxExporter.ExportBytes(network);
        var test = DetectionMetrics.Compute([0.1f, 0.9f, 0.4f, 0.7f], [0, 1, 0, 1], 0.5f);
        var source = new RunBundle.BundleSource(spec, shape.Dimensions.ToArray(), test, seed);
        var bytes = RunBundle.Create(source, onnx, modelId, version, key, new StoppedClock(CreatedUtc));
        return new TestBundle(bytes, network, shape, spec);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
