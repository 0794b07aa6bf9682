using Edge.Engine.Layers.Recurrent;
using Edge.Trainer.Export.Onnx;
using static Edge.Trainer.Export.OnnxGraphBuilder;

namespace Edge.Trainer.Export;

/// <summary>
/// SimpleRNN, LSTM and GRU as ONNX RNN, LSTM and GRU (Operators.md, opset 14+). ONNX Runtime's CPU kernels accept
/// only layout 0, so the batch-first input is transposed to (T, N, F) first. ONNX weights are (gates*H, F), gate
/// blocks stacked on rows, where Keras stores (F, gates*H): each block is transposed and, for LSTM, reordered.
/// </summary>
internal static class RecurrentToOnnx
{
    /// <summary>ONNX LSTM's gate blocks are i, o, f, c; Keras packs i, f, c, o. Entry k is the Keras block of ONNX block k.</summary>
    private static readonly int[] LstmKerasBlock = [0, 3, 1, 2];

    /// <summary>ONNX GRU's z, r, h is Keras's own order.</summary>
    private static readonly int[] GruKerasBlock = [0, 1, 2];

    private static readonly int[] SingleBlock = [0];

    public static string SimpleRnn(OnnxGraphBuilder graph, SimpleRNN layer, string input)
    {
        var activation = ActivationToOnnx.RecurrentName(layer, layer.Config["activation"]);
        var bias = layer.Bias.Value.ReadOnlySpan;
        // Keras has one bias; ONNX adds Wb + Rb, so Rb is zero.
        var b = new float[2 * layer.Units];
        bias.CopyTo(b);
        return Recurrence(graph, layer, "RNN", input, SingleBlock, b, Strings("activations", activation));
    }

    public static string Lstm(OnnxGraphBuilder graph, LSTM layer, string input)
    {
        var units = layer.Units;
        var bias = layer.Bias.Value.ReadOnlySpan;
        var b = new float[8 * units];
        for (var onnxBlock = 0; onnxBlock < 4; onnxBlock++)
        {
            bias.Slice(LstmKerasBlock[onnxBlock] * units, units).CopyTo(b.AsSpan(onnxBlock * units));
        }

        return Recurrence(graph, layer, "LSTM", input, LstmKerasBlock, b);
    }

    public static string Gru(OnnxGraphBuilder graph, GRU layer, string input)
    {
        // Keras's reset_after=True applies the reset gate after the recurrent product, which is ONNX's
        // linear_before_reset=1; bias row 0 is Wb (input side), row 1 is Rb (recurrent side), both z, r, h.
        return Recurrence(graph, layer, "GRU", input, GruKerasBlock, layer.Bias.Value.ReadOnlySpan.ToArray(), Int("linear_before_reset", 1));
    }

    private static string Recurrence(OnnxGraphBuilder graph, RecurrentLayer layer, string opType, string input, int[] kerasBlocks,
        float[] bias, params AttributeProto[] extra)
    {
        var units = layer.Units;
        var features = layer.InputShape[1];
        var w = graph.FloatInitializer($"{layer.Name}_W", StackedTransposed(layer.Kernel.Value.ReadOnlySpan, features, units, kerasBlocks), 1, kerasBlocks.Length * units, features);
        var r = graph.FloatInitializer($"{layer.Name}_R", StackedTransposed(layer.RecurrentKernel.Value.ReadOnlySpan, units, units, kerasBlocks), 1, kerasBlocks.Length * units, units);
        var b = graph.FloatInitializer($"{layer.Name}_B", bias, 1, bias.Length);
        var timeMajor = graph.Node("Transpose", $"{layer.Name}_time_major", [input], Ints("perm", 1, 0, 2));
        AttributeProto[] attributes = [Int("hidden_size", units), .. extra];
        var outputs = graph.NodeWithOutputs(opType, layer.Name, [timeMajor, w, r, b], 2, attributes);
        if (layer.ReturnSequences)
        {
            // Y is (T, directions=1, N, H): drop the direction axis, then back to batch-first.
            var sequence = graph.Node("Squeeze", $"{layer.Name}_y", [outputs[0], graph.Int64Initializer($"{layer.Name}_axes", 1)]);
            return graph.Node("Transpose", $"{layer.Name}_batch_major", [sequence], Ints("perm", 1, 0, 2));
        }

        // Y_h is (directions=1, N, H).
        return graph.Node("Squeeze", $"{layer.Name}_h", [outputs[1], graph.Int64Initializer($"{layer.Name}_axes", 0)]);
    }

    /// <summary>Keras (rows, blocks*H) -> ONNX (blocks*H, rows), ONNX block k taken from Keras block kerasBlocks[k].</summary>
    private static float[] StackedTransposed(ReadOnlySpan<float> keras, int rows, int units, int[] kerasBlocks)
    {
        var width = kerasBlocks.Length * units;
        var onnx = new float[width * rows];
        for (var k = 0; k < kerasBlocks.Length; k++)
        {
            for (var h = 0; h < units; h++)
            {
                var source = (kerasBlocks[k] * units) + h;
                var target = ((k * units) + h) * rows;
                for (var f = 0; f < rows; f++)
                {
                    onnx[target + f] = keras[(f * width) + source];
                }
            }
        }

        return onnx;
    }
}
