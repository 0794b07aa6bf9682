using Edge.Trainer.Export.Onnx;
using static Edge.Trainer.Export.Quantization.QuantizedTensors;
using DataType = Edge.Trainer.Export.Onnx.TensorProto.Types.DataType;

namespace Edge.Trainer.Export.Quantization;

/// <summary>
/// Int8 for the recurrent layers, where static QDQ does not apply: ORT fuses no QDQ pattern into its RNN kernels, and
/// a recurrent state re-enters the same weights every step, so one calibrated range per tensor buys nothing.
/// <list type="bullet">
/// <item>LSTM becomes ORT's <c>com.microsoft:DynamicQuantizeLSTM</c> (ContribOperators.md): int8 W and R, per-channel
/// symmetric on each of the 4H gate rows, stored transposed as <c>[directions, input, 4H]</c> and
/// <c>[directions, H, 4H]</c>; the kernel quantizes X and each step's hidden state on the fly (dynamic quantization)
/// and multiplies in integers.</item>
/// <item>SimpleRNN (RNN) and GRU have no integer kernel in ORT, so their W and R are stored int8 (per-channel on axis 1
/// of <c>[directions, gates·H, input]</c>) behind a DequantizeLinear: the file shrinks, the arithmetic stays fp32.</item>
/// </list>
/// </summary>
public static class RecurrentRewriter
{
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>Number of RNN, LSTM and GRU nodes whose W and R are constant (the ones <see cref="Rewrite"/> changes).</summary>
    public static int CountRecurrent(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weights = FloatInitializers(model.Graph);
        return model.Graph.Node.Count(n => IsRecurrent(n, weights));
    }

    /// <summary>Rewrites <paramref name="model"/> in place.</summary>
    /// <param name="reduceRange">7-bit weights: ORT's dynamic kernels multiply uint8 activations by int8 weights, with the same x64 int16 saturation risk as the static ones.</param>
    public static void Rewrite(ModelProto model, bool reduceRange)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        var weights = FloatInitializers(graph);
        var nodes = new List<NodeProto>();
        var replaced = new List<string>();
        foreach (var node in graph.Node)
        {
            if (!IsRecurrent(node, weights))
            {
                nodes.Add(node);
                continue;
            }

            TensorProto w = weights[node.Input[1]], r = weights[node.Input[2]];
            replaced.Add(w.Name);
            replaced.Add(r.Name);
            if (node.OpType == "LSTM")
            {
                nodes.Add(DynamicLstm(graph, node, w, r, reduceRange));
            }
            else
            {
                node.Input[1] = AddDequantizedWeight(graph, nodes, w, reduceRange);
                node.Input[2] = AddDequantizedWeight(graph, nodes, r, reduceRange);
                nodes.Add(node);
            }
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        RemoveUnused(graph, replaced);
        if (nodes.Any(n => n.Domain == MicrosoftDomain) && model.OpsetImport.All(o => o.Domain != MicrosoftDomain))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }
    }

    private static bool IsRecurrent(NodeProto node, Dictionary<string, TensorProto> weights) =>
        node.OpType is "LSTM" or "RNN" or "GRU"
        && node.Input.Count >= 3 && weights.ContainsKey(node.Input[1]) && weights.ContainsKey(node.Input[2]);

    /// <summary>LSTM(X, W, R, B) -> DynamicQuantizeLSTM(X, W_q, R_q, B, "", "", "", "", W_scale, W_zp, R_scale, R_zp), same attributes and outputs.</summary>
    private static NodeProto DynamicLstm(GraphProto graph, NodeProto lstm, TensorProto w, TensorProto r, bool reduceRange)
    {
        var node = new NodeProto { OpType = "DynamicQuantizeLSTM", Domain = MicrosoftDomain, Name = lstm.Name };
        var bias = lstm.Input.Count > 3 ? lstm.Input[3] : "";
        node.Input.AddRange([lstm.Input[0], $"{w.Name}_quantized", $"{r.Name}_quantized", bias, "", "", "", ""]);
        node.Input.AddRange(AddTransposedWeight(graph, w, reduceRange));
        node.Input.AddRange(AddTransposedWeight(graph, r, reduceRange));
        node.Output.AddRange(lstm.Output);
        node.Attribute.AddRange(lstm.Attribute);
        return node;
    }

    /// <summary>
    /// ONNX [directions, 4H, input] quantized per gate row, written as [directions, input, 4H] with scale and zero
    /// point [directions, 4H]; returns the scale and zero point names.
    /// </summary>
    private static string[] AddTransposedWeight(GraphProto graph, TensorProto weight, bool reduceRange)
    {
        long directions = weight.Dims[0], rows = weight.Dims[1], columns = weight.Dims[2];
        var int8 = PerChannelInt8.Quantize(ReadFloats(weight), [directions * rows, columns], 0, reduceRange);
        var transposed = new byte[int8.Values.Length];
        for (var d = 0; d < directions; d++)
        {
            for (var row = 0; row < rows; row++)
            {
                for (var column = 0; column < columns; column++)
                {
                    var from = (((d * rows) + row) * columns) + column;
                    var to = (((d * columns) + column) * rows) + row;
                    transposed[to] = unchecked((byte)int8.Values[from]);
                }
            }
        }

        var name = weight.Name;
        graph.Initializer.Add(Tensor($"{name}_quantized", DataType.Int8, transposed, directions, columns, rows));
        graph.Initializer.Add(Tensor($"{name}_scale", DataType.Float, FloatBytes(int8.Scales), directions, rows));
        graph.Initializer.Add(Tensor($"{name}_zero_point", DataType.Int8, new byte[int8.Scales.Length], directions, rows));
        return [$"{name}_scale", $"{name}_zero_point"];
    }

    /// <summary>Weight-only int8: [directions, gates·H, input] per-channel on axis 1, then DequantizeLinear back to fp32.</summary>
    private static string AddDequantizedWeight(GraphProto graph, List<NodeProto> nodes, TensorProto weight, bool reduceRange)
    {
        var dims = weight.Dims.ToArray();
        var int8 = PerChannelInt8.Quantize(ReadFloats(weight), [dims[0] * dims[1], dims[2]], 0, reduceRange);
        var name = weight.Name;
        var channels = int8.Scales.Length;
        graph.Initializer.Add(Tensor($"{name}_quantized", DataType.Int8, int8.Bytes(), dims));
        graph.Initializer.Add(Tensor($"{name}_scale", DataType.Float, FloatBytes(int8.Scales), channels));
        graph.Initializer.Add(Tensor($"{name}_zero_point", DataType.Int8, new byte[channels], channels));
        var dequantize = QdqRewriter.Node("DequantizeLinear", $"{name}_DequantizeLinear", [$"{name}_quantized", $"{name}_scale", $"{name}_zero_point"], $"{name}_DequantizeLinear_Output");
        dequantize.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        nodes.Add(dequantize);
        return dequantize.Output[0];
    }
}
