using Edge.Engine.Tensors;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.Features;
using Edge.Trainer.Evaluation;
using Edge.Trainer.Training;

namespace Edge.Trainer.Export;

/// <summary>
/// A signed model bundle for a training run: manifest from the run's report (validation threshold, test metrics),
/// test vectors whose expected scores come from ONNX Runtime running the very model bytes that are shipped (the int8
/// model's own scores when the model is int8, not the fp32 ones it approximates).
/// </summary>
public static class RunBundle
{
    /// <summary>Oldest gateway runtime this exporter's models need (IR 8, opset 17, fp32).</summary>
    public const string MinimumRuntimeVersion = "0.1.0";

    public const int TestVectorCount = 32;

    /// <summary>fp32 kernels agree across CPUs to float rounding.</summary>
    public const float Fp32Tolerance = 1e-4f;

    /// <summary>
    /// Int8 kernels may differ across CPUs (x64 with 7-bit weights vs ARM64 dot products) in how they round
    /// requantized activations, by a step of an 8-bit grid here and there (not yet measured on an ARM64 gateway).
    /// 0.005 stays well under the 0.02 by which int8 may differ from fp32 at all, and far under the 0.1-scale
    /// differences of a wrong model or a wrong input layout, which is what the check is for.
    /// </summary>
    public const float Int8Tolerance = 5e-3f;

    public static byte[] Create(RunEvaluation.TrainedRun run, byte[] onnx, string modelId, long version, BundleSigningKey key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(run);
        var inputShape = run.Model.InputShape(run.Spec).Dimensions.ToArray();
        return Create(new BundleSource(run.Spec, inputShape, run.Report.Test, run.Report.Seed), onnx, modelId, version, key, clock);
    }

    /// <summary>What a bundle needs from a run: its feature spec, input shape, test metrics (with the threshold) and seed.</summary>
    public sealed record BundleSource(FeatureSpec Spec, int[] InputShape, DetectionMetrics Test, ulong Seed);

    public static byte[] Create(BundleSource run, byte[] onnx, string modelId, long version, BundleSigningKey key, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(clock);
        var inputShape = run.InputShape;
        if (FeatureInputShape.Problem(run.Spec, inputShape) is { } problem)
        {
            throw new ArgumentException(problem, nameof(run));
        }

        var inputs = RandomFeatureVectors(inputShape.Aggregate(1, (a, d) => a * d), run.Seed);
        var precision = ModelPrecision.Of(onnx);
        var vectors = new TestVectors
        {
            InputShape = inputShape,
            Inputs = inputs,
            ExpectedScores = OnnxScoring.Score(onnx, inputShape, inputs),
            Tolerance = precision == ModelPrecision.Int8 ? Int8Tolerance : Fp32Tolerance,
        };
        var test = run.Test;
        var manifest = new BundleManifest
        {
            ModelId = modelId,
            Version = version,
            CreatedUtc = clock.GetUtcNow(),
            FeatureSpec = run.Spec,
            Threshold = test.Threshold,
            TestMetrics = new Dictionary<string, double>
            {
                ["rocAuc"] = test.RocAuc,
                ["prAuc"] = test.PrAuc,
                ["mapAt100"] = test.MapAt100,
                ["mapAt200"] = test.MapAt200,
                ["f1"] = test.F1,
                ["precision"] = test.Precision,
                ["recall"] = test.Recall,
                ["accuracy"] = test.Accuracy,
            },
            Model = new ModelDescription
            {
                Sha256 = "",
                Bytes = 0,
                Precision = precision,
                InputName = OnnxExporter.InputName,
                InputShape = inputShape,
                OutputName = OnnxExporter.OutputName,
            },
            TestVectorsSha256 = "",
            MinimumRuntimeVersion = MinimumRuntimeVersion,
        };
        return ModelBundle.Create(manifest, onnx, vectors, key);
    }

    /// <summary>
    /// Feature vectors in [0, 1], the range min-max scaled features take, reproducible from the run's seed. Random
    /// vectors rather than customers' data so a bundle carries no customer's consumption.
    /// </summary>
    private static float[][] RandomFeatureVectors(int length, ulong seed)
    {
        var rng = new Rng(seed ^ 0x7E57_7EC7);
        var vectors = new float[TestVectorCount][];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = new float[length];
            for (var j = 0; j < length; j++)
            {
                vectors[i][j] = rng.NextSingle();
            }
        }

        return vectors;
    }
}
