using Edge.Trainer.Export.Onnx;
using static Edge.Trainer.Export.Quantization.QuantizedTensors;
using DataType = Edge.Trainer.Export.Onnx.TensorProto.Types.DataType;

namespace Edge.Trainer.Export.Quantization;

/// <summary>
/// Rewrites an fp32 model into QDQ form (ONNX QuantizeLinear/DequantizeLinear pairs around the fp32 ops), the format
/// ORT fuses into integer kernels at ORT_ENABLE_EXTENDED and above. Only MatMul and Conv with a constant weight are
/// quantized; everything else stays fp32. Layout follows onnxruntime.quantization's QDQ output (quantize.py,
/// qdq_quantizer.py):
/// <list type="bullet">
/// <item>weights: int8 per-channel symmetric, zero point 0, optionally 7-bit (reduce_range) (Conv W [M, C, k] on axis 0, MatMul B [K, N] on axis 1);</item>
/// <item>activations: int8 asymmetric (S8S8, ORT's default and recommended QDQ setting) from calibrated ranges;</item>
/// <item>Conv bias: int32 with scale input_scale × weight_scale[m], zero point 0, and a Q/DQ pair on the Conv output,
/// which ORT's QLinearConv fusion needs; MatMul's output and its bias Add stay fp32 (ORT fuses them into QGemm or MatMulIntegerToFloat).</item>
/// </list>
/// Names follow the Python tool's suffixes (_quantized, _scale, _zero_point, _QuantizeLinear_Output,
/// _DequantizeLinear_Output) so its debugging tools can compare models.
/// </summary>
public static class QdqRewriter
{
    /// <summary>DequantizeLinear's per-axis form (the "axis" attribute) arrived in opset 13.</summary>
    private const long MinimumOpset = 13;

    /// <summary>The activation tensors whose range <see cref="Rewrite"/> needs: each quantized op's input, and each Conv's output.</summary>
    public static IReadOnlyList<string> CalibrationTargets(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weights = FloatInitializers(model.Graph);
        var targets = new List<string>();
        foreach (var node in model.Graph.Node.Where(n => IsQuantizable(n, weights)))
        {
            targets.Add(node.Input[0]);
            if (node.OpType == "Conv")
            {
                targets.Add(node.Output[0]);
            }
        }

        return targets.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>A quantized copy of <paramref name="model"/>; <paramref name="ranges"/> must cover <see cref="CalibrationTargets"/>.</summary>
    /// <param name="reduceRange">7-bit weights ([-64, 64]); see <see cref="QuantizationRange.SymmetricInt8"/>.</param>
    public static ModelProto Rewrite(ModelProto model, IReadOnlyDictionary<string, (float Min, float Max)> ranges, bool reduceRange)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ranges);
        var opset = model.OpsetImport.Where(o => o.Domain.Length == 0).Select(o => o.Version).DefaultIfEmpty(0).Max();
        if (opset < MinimumOpset)
        {
            throw new OnnxExportException($"cannot quantize a model with default-domain opset {opset}: per-channel DequantizeLinear needs opset {MinimumOpset} or later");
        }

        var quantized = model.Clone();
        var graph = quantized.Graph;
        var weights = FloatInitializers(graph);
        var nodes = new List<NodeProto>();
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var dequantized = new HashSet<string>(StringComparer.Ordinal);
        var activationScales = new Dictionary<string, float>(StringComparer.Ordinal);
        var replacedWeights = new HashSet<string>(StringComparer.Ordinal);
        var quantizedInputs = graph.Node.Where(n => IsQuantizable(n, weights)).Select(n => n.Input[0]).ToHashSet(StringComparer.Ordinal);

        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (renamed.TryGetValue(node.Input[i], out var replacement))
                {
                    node.Input[i] = replacement;
                }
            }

            if (node.OpType == "Concat" && quantizedInputs.Contains(node.Output[0]))
            {
                QuantizeConcatInputs(graph, nodes, node, Activation(ranges, node.Output[0]), dequantized);
            }

            if (!IsQuantizable(node, weights))
            {
                nodes.Add(node);
                continue;
            }

            var isConv = node.OpType == "Conv";
            var input = node.Input[0];
            var inputRange = Activation(ranges, OriginalName(input));
            if (!dequantized.Contains(input))
            {
                input = AddQdqPair(graph, nodes, input, inputRange);
                dequantized.Add(input);
            }

            node.Input[0] = input;
            var weight = weights[node.Input[1]];
            var weightScales = AddWeight(graph, nodes, weight, isConv ? 0 : 1, reduceRange);
            replacedWeights.Add(weight.Name);
            node.Input[1] = $"{weight.Name}_DequantizeLinear_Output";
            if (isConv && node.Input.Count > 2 && weights.TryGetValue(node.Input[2], out var bias))
            {
                node.Input[2] = AddBias(graph, nodes, bias, inputRange.Scale, weightScales);
                replacedWeights.Add(bias.Name);
            }

            nodes.Add(node);
            if (isConv)
            {
                var output = node.Output[0];
                var dq = AddQdqPair(graph, nodes, output, Activation(ranges, output));
                renamed[output] = dq;
                dequantized.Add(dq);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        RemoveUnused(graph, replacedWeights);

        return quantized;

        string OriginalName(string value) => value.EndsWith("_DequantizeLinear_Output", StringComparison.Ordinal)
            ? value[..^"_DequantizeLinear_Output".Length]
            : value;
    }

    /// <summary>
    /// A Concat whose output feeds a quantized op gets a Q/DQ pair on each input, on the output's grid (every input's
    /// values lie in the output's range). Without them, a branch ending in MatMul → Add → Relu → Concat has no
    /// QuantizeLinear after it, and ORT 1.31 fuses it into a float FusedGemm that dequantizes its int8 weight on every
    /// run (measured: wide-deep's int8 model 18 times slower than fp32 at batch 1); with them the branch becomes QGemm
    /// and the Concat a quantized Concat, as onnxruntime.quantization also quantizes Concat.
    /// </summary>
    private static void QuantizeConcatInputs(GraphProto graph, List<NodeProto> nodes, NodeProto concat, QuantizationRange range, HashSet<string> dequantized)
    {
        for (var i = 0; i < concat.Input.Count; i++)
        {
            if (!dequantized.Contains(concat.Input[i]))
            {
                concat.Input[i] = AddQdqPair(graph, nodes, concat.Input[i], range);
            }
        }
    }

    private static QuantizationRange Activation(IReadOnlyDictionary<string, (float Min, float Max)> ranges, string tensor) =>
        ranges.TryGetValue(tensor, out var range)
            ? QuantizationRange.AsymmetricInt8(range.Min, range.Max)
            : throw new OnnxExportException($"no calibrated range for tensor '{tensor}'");

    private static bool IsQuantizable(NodeProto node, Dictionary<string, TensorProto> weights) =>
        node.OpType switch
        {
            "MatMul" => node.Input.Count == 2 && weights.TryGetValue(node.Input[1], out var b) && b.Dims.Count == 2,
            "Conv" => node.Input.Count >= 2 && weights.ContainsKey(node.Input[1]) && node.Attribute.All(a => a.Name != "group" || a.I == 1),
            _ => false,
        };

    /// <summary>value -> QuantizeLinear -> DequantizeLinear; returns the dequantized name.</summary>
    private static string AddQdqPair(GraphProto graph, List<NodeProto> nodes, string value, QuantizationRange range)
    {
        var scale = $"{value}_scale";
        var zeroPoint = $"{value}_zero_point";
        graph.Initializer.Add(Scalar(scale, DataType.Float, BitConverter.GetBytes(range.Scale)));
        graph.Initializer.Add(Scalar(zeroPoint, DataType.Int8, [unchecked((byte)(sbyte)range.ZeroPoint)]));
        var quantized = $"{value}_QuantizeLinear_Output";
        var dequantized = $"{value}_DequantizeLinear_Output";
        nodes.Add(Node("QuantizeLinear", $"{value}_QuantizeLinear", [value, scale, zeroPoint], quantized));
        nodes.Add(Node("DequantizeLinear", $"{value}_DequantizeLinear", [quantized, scale, zeroPoint], dequantized));
        return dequantized;
    }

    /// <summary>Int8 weight with one symmetric scale per output channel along <paramref name="axis"/>, and its DequantizeLinear.</summary>
    private static float[] AddWeight(GraphProto graph, List<NodeProto> nodes, TensorProto weight, int axis, bool reduceRange)
    {
        var dims = weight.Dims.ToArray();
        var int8 = PerChannelInt8.Quantize(ReadFloats(weight), dims, axis, reduceRange);
        var name = weight.Name;
        var channels = int8.Scales.Length;
        graph.Initializer.Add(Tensor($"{name}_quantized", DataType.Int8, int8.Bytes(), dims));
        graph.Initializer.Add(Tensor($"{name}_scale", DataType.Float, FloatBytes(int8.Scales), channels));
        graph.Initializer.Add(Tensor($"{name}_zero_point", DataType.Int8, new byte[channels], channels));
        var dequantize = Node("DequantizeLinear", $"{name}_DequantizeLinear", [$"{name}_quantized", $"{name}_scale", $"{name}_zero_point"], $"{name}_DequantizeLinear_Output");
        dequantize.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = axis });
        nodes.Add(dequantize);
        return int8.Scales;
    }

    /// <summary>Int32 bias on the accumulator's grid (scale input × weight[m], zero point 0), as QLinearConv's B input is defined.</summary>
    private static string AddBias(GraphProto graph, List<NodeProto> nodes, TensorProto bias, float inputScale, float[] weightScales)
    {
        var values = ReadFloats(bias);
        var scales = weightScales.Select(w => inputScale * w).ToArray();
        var bytes = new byte[values.Length * sizeof(int)];
        for (var m = 0; m < values.Length; m++)
        {
            var q = Math.Clamp(Math.Round(values[m] / (double)scales[m], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
            BitConverter.TryWriteBytes(bytes.AsSpan(m * sizeof(int)), (int)q);
        }

        var name = bias.Name;
        graph.Initializer.Add(Tensor($"{name}_quantized", DataType.Int32, bytes, values.Length));
        graph.Initializer.Add(Tensor($"{name}_scale", DataType.Float, FloatBytes(scales), values.Length));
        graph.Initializer.Add(Tensor($"{name}_zero_point", DataType.Int32, new byte[values.Length * sizeof(int)], values.Length));
        var dequantize = Node("DequantizeLinear", $"{name}_DequantizeLinear", [$"{name}_quantized", $"{name}_scale", $"{name}_zero_point"], $"{name}_DequantizeLinear_Output");
        dequantize.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 });
        nodes.Add(dequantize);
        return dequantize.Output[0];
    }

    internal static NodeProto Node(string opType, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }
}
