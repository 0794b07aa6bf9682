using Edge.Engine.Layers.Core;
using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.Trainer.Export;
using Edge.ModelContract.Features;
using Edge.Trainer.Export.Onnx;
using Edge.Trainer.Export.Quantization;
using Edge.Trainer.Models;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace Edge.Trainer.Tests.Export.Quantization;

/// <summary>Whole-model properties of the int8 export: scores, ranking, file size and ORT's fused kernels.</summary>
public sealed class ModelQuantizationTests
{
    /// <summary>
    /// The catalogue's gateway CNN with its feature channels (seed weights, random biases) at 16 weeks, calibrated on 300 random inputs in [0, 1)
    /// and scored on 300 others from the same distribution: every score within 0.02 of fp32 (the bar), and
    /// at least 97% of all pairs of customers ordered the same way, since alerts go to the top of the ranking.
    /// </summary>
    [Theory]
    [InlineData(CalibrationMethod.MinMax)]
    [InlineData(CalibrationMethod.Percentile)]
    public void GatewayScoresAndRanksLikeFp32(CalibrationMethod method)
    {
        var entry = ModelCatalog.Get("gateway");
        var model = entry.Create();
        var shape = entry.InputShape(entry.FeatureSpecFor(112, CleaningPolicy.Zheng2018));
        model.Build(shape, seed: 3);
        var rng = new Rng(8);
        OrtOracle.Randomize(model, rng, 0.1f, allWeights: false);
        var calibration = QuantizedModel.Uniform(rng, 0f, 1f, shape.WithBatch(300));
        var x = QuantizedModel.Uniform(rng, 0f, 1f, shape.WithBatch(300));
        var quantized = new QuantizedModel(model, calibration, method);

        var expected = quantized.ScoreFp32(x);
        var actual = quantized.ScoreInt8(x);

        var difference = OrtOracle.MaxAbsDifference(expected, actual);
        Assert.True(difference <= 0.02f, $"max |int8 - fp32| = {difference}");
        var spread = expected.Max() - expected.Min();
        Assert.True(spread > 0.05f, $"fp32 scores span only {spread}; the ranking check would be meaningless");
        Assert.True(ConcordantPairs(expected, actual) >= 0.97, $"pairs ordered alike: {ConcordantPairs(expected, actual):P2}");
    }

    /// <summary>
    /// Dense 512→256: 131,072 fp32 weights (512 KiB) become 131,072 int8 bytes plus 256 scales and zero points, so
    /// the file must shrink to about a quarter; 30% leaves room for the graph and the fp32 bias.
    /// </summary>
    [Fact]
    public void WeightDominatedModelShrinksToUnderThirtyPercent()
    {
        var model = new Sequential([new Dense(256, "relu")]);
        model.Build(new Shape(512), seed: 2);
        var calibration = QuantizedModel.Uniform(new Rng(1), -1f, 1f, new Shape(16, 512));
        var quantized = new QuantizedModel(model, calibration);

        long fp32 = quantized.Fp32.ToByteArray().Length, int8 = quantized.Int8.ToByteArray().Length;

        Assert.True(fp32 > 512 * 256 * sizeof(float));
        Assert.True(int8 <= 0.30 * fp32, $"int8 {int8:N0} B vs fp32 {fp32:N0} B ({(double)int8 / fp32:P1})");
    }

    /// <summary>
    /// The gateway CNN at its default 148-week window and five channels, the model the size target (int8 ≤ 30 %
    /// of fp32) is about: 24,752 weights, so 4 × 24,752 B of fp32 weights against 24,752 B of int8 ones; what else the file holds
    /// (graph, scales, names) must stay under 6 % of fp32. Short value names are what gets it there, and they change
    /// nothing ORT computes: the scores with and without them are identical.
    /// </summary>
    [Fact]
    public void GatewayFileIsAtMostThirtyPercentWithIdenticalScores()
    {
        var entry = ModelCatalog.Get("gateway");
        var model = entry.Create();
        var shape = entry.InputShape(entry.FeatureSpecFor(entry.DefaultWindowDays!.Value, CleaningPolicy.Zheng2018));
        model.Build(shape, seed: 3);
        var rng = new Rng(5);
        var calibration = QuantizedModel.Uniform(rng, 0f, 1f, shape.WithBatch(32));
        var fp32 = OnnxExporter.Export(model);
        var rows = QuantizedModel.Rows(calibration);

        var shortNames = OnnxQuantizer.Quantize(fp32, shape.Dimensions.ToArray(), rows, CalibrationMethod.MinMax).ToByteArray();
        var longNames = OnnxQuantizer.Quantize(fp32, shape.Dimensions.ToArray(), rows, CalibrationMethod.MinMax, shortNames: false).ToByteArray();

        long fp32Bytes = fp32.ToByteArray().Length;
        Assert.True(shortNames.Length <= 0.30 * fp32Bytes, $"int8 {shortNames.Length:N0} B vs fp32 {fp32Bytes:N0} B ({(double)shortNames.Length / fp32Bytes:P1})");
        Assert.True(shortNames.Length < longNames.Length);
        var x = QuantizedModel.Uniform(rng, 0f, 1f, shape.WithBatch(64));
        Assert.Equal(OrtOracle.Run(longNames, x), OrtOracle.Run(shortNames, x));
    }

    /// <summary>
    /// ORT's optimizer must turn the QDQ gateway into integer kernels (ORT_ENABLE_EXTENDED is where QDQ fusion
    /// starts), or the int8 model would only be smaller, not faster. The optimized graph ORT writes is read back with
    /// our own ModelProto.
    /// </summary>
    [Fact]
    public void OrtFusesGatewayIntoIntegerKernels()
    {
        var entry = ModelCatalog.Get("gateway");
        var model = entry.Create();
        var shape = entry.InputShape(entry.FeatureSpecFor(112, CleaningPolicy.Zheng2018));
        model.Build(shape, seed: 3);
        var quantized = new QuantizedModel(model, QuantizedModel.Uniform(new Rng(2), 0f, 1f, shape.WithBatch(32)));
        var ops = OptimizedOps(quantized.Int8, GraphOptimizationLevel.ORT_ENABLE_EXTENDED);

        Assert.Equal(3, ops.Count(op => op == "QLinearConv"));
        Assert.DoesNotContain("Conv", ops);
        Assert.Equal(2, ops.Count(op => op is "MatMulIntegerToFloat" or "QLinearMatMul" or "MatMulInteger" or "QGemm"));
        Assert.DoesNotContain("MatMul", ops);
    }

    /// <summary>
    /// wide-deep: both branches end in Dense → ReLU → Concat. Without Q/DQ on the Concat inputs ORT fused each branch
    /// into a float FusedGemm that dequantized its weights on every run; now the branch Dense layers and Dense(64) are
    /// integer GEMMs, the Conv2D a QLinearConv and the Concat a QLinearConcat, and the scores stay within 0.02 of fp32.
    /// </summary>
    [Fact]
    public void OrtFusesWideDeepIntoIntegerKernels()
    {
        var entry = ModelCatalog.Get("wide-deep");
        var model = entry.Create();
        var shape = entry.InputShape(entry.FeatureSpecFor(56, CleaningPolicy.Zheng2018));
        model.Build(shape, seed: 3);
        var rng = new Rng(4);
        OrtOracle.Randomize(model, rng, 0.1f, allWeights: false);
        var quantized = new QuantizedModel(model, QuantizedModel.Uniform(rng, 0f, 1f, shape.WithBatch(64)));

        var ops = OptimizedOps(quantized.Int8, GraphOptimizationLevel.ORT_ENABLE_ALL);

        // The two branch Dense(128) layers and Dense(64) are integer GEMMs. The last Dense(1, sigmoid), 64 weights,
        // is fused into MatMulIntegerToFloat or, depending on ORT's fusion order, into one float FusedGemm.
        Assert.True(ops.Count(op => op == "QGemm") == 3, string.Join(", ", ops));
        Assert.True(ops.Count(op => op is "MatMulIntegerToFloat" or "FusedGemm") == 1, string.Join(", ", ops));
        Assert.Single(ops, "QLinearConv");
        Assert.Single(ops, "QLinearConcat");
        Assert.DoesNotContain(ops, op => op is "MatMul" or "Gemm" or "Conv" or "FusedConv");
        var x = QuantizedModel.Uniform(rng, 0f, 1f, shape.WithBatch(200));
        Assert.True(OrtOracle.MaxAbsDifference(quantized.ScoreFp32(x), quantized.ScoreInt8(x)) <= 0.02f);
    }

    /// <summary>The operators of the graph ORT runs after optimizing at <paramref name="level"/>, read back with our own ModelProto.</summary>
    private static List<string> OptimizedOps(ModelProto model, GraphOptimizationLevel level)
    {
        var path = Path.Combine(Path.GetTempPath(), $"edge-quant-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { GraphOptimizationLevel = level, OptimizedModelFilePath = path })
            using (new InferenceSession(model.ToByteArray(), options))
            {
            }

            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node.Select(n => n.OpType).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Share of pairs (i, j) with different fp32 scores that the int8 scores order the same way.</summary>
    internal static double ConcordantPairs(float[] expected, float[] actual)
    {
        long same = 0, total = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            for (var j = i + 1; j < expected.Length; j++)
            {
                if (expected[i] == expected[j])
                {
                    continue;
                }

                total++;
                if (Math.Sign(expected[i] - expected[j]) == Math.Sign(actual[i] - actual[j]))
                {
                    same++;
                }
            }
        }

        return (double)same / total;
    }
}
