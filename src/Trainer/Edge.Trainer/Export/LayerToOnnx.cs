using Edge.Engine.Layers;
using Edge.Engine.Layers.Convolution;
using Edge.Engine.Layers.Core;
using Edge.Engine.Layers.Merging;
using Edge.Engine.Layers.Recurrent;
using Edge.Engine.Layers.Wrappers;
using Edge.Engine.Models;
using static Edge.Trainer.Export.OnnxGraphBuilder;

namespace Edge.Trainer.Export;

/// <summary>
/// One engine layer -> the ONNX nodes computing the same function at inference. Every value between layers keeps
/// the engine's layout: (batch, ...layer shape), channels-last, so Flatten is a plain row-major Reshape.
/// </summary>
internal static class LayerToOnnx
{
    public static string Append(OnnxGraphBuilder graph, Layer layer, string input) => layer switch
    {
        Sequential model => model.Layers.Aggregate(input, (value, inner) => Append(graph, inner, value)),
        Dense dense => Dense(graph, dense, input),
        ConvolutionLayer conv => ConvolutionToOnnx.Convolution(graph, conv, input),
        // Not MaxPoolingLayer: GlobalMaxPooling1D derives from it with a window as long as its input.
        MaxPooling1D or MaxPooling2D => ConvolutionToOnnx.MaxPooling(graph, (MaxPoolingLayer)layer, input),
        ConcatenatedBranches branches => Concatenation(graph, branches, input),
        SimpleRNN rnn => RecurrentToOnnx.SimpleRnn(graph, rnn, input),
        LSTM lstm => RecurrentToOnnx.Lstm(graph, lstm, input),
        GRU gru => RecurrentToOnnx.Gru(graph, gru, input),
        TimeDistributed wrapper => TimeDistributed(graph, wrapper, input),
        Flatten or Reshape => ReshapeTo(graph, layer, input, layer.OutputShape.Dimensions),
        Dropout => input, // inference: Keras's Dropout passes its input through unchanged
        ActivationLayer activation => ActivationToOnnx.Apply(graph, layer, activation.Activation, input),
        _ => throw new OnnxExportException($"cannot export layer '{layer.Name}' ({layer.KerasTypeName}): not supported"),
    };

    /// <summary>MatMul broadcasts over leading axes (numpy semantics), so this is Keras's Dense on any rank.</summary>
    private static string Dense(OnnxGraphBuilder graph, Dense layer, string input)
    {
        var kernel = layer.Parameters[0].Value;
        var value = graph.Node("MatMul", layer.Name, [input, graph.FloatInitializer($"{layer.Name}_kernel", kernel.ReadOnlySpan, kernel.Shape[0], kernel.Shape[1])]);
        if (layer.UseBias)
        {
            value = graph.Node("Add", $"{layer.Name}_bias", [value, graph.FloatInitializer($"{layer.Name}_bias", layer.Parameters[1].Value.ReadOnlySpan, layer.Units)]);
        }

        return ActivationToOnnx.Apply(graph, layer, layer.Activation, value);
    }

    /// <summary>Every branch reads the same input; Concat on the last axis (Keras's Concatenate(axis=-1)).</summary>
    private static string Concatenation(OnnxGraphBuilder graph, ConcatenatedBranches layer, string input) =>
        graph.Node("Concat", layer.Name, layer.Branches.Select(branch => Append(graph, branch, input)).ToArray(), Int("axis", -1));

    /// <summary>Keras's TimeDistributed: fold time into the batch, run the inner layer, unfold.</summary>
    private static string TimeDistributed(OnnxGraphBuilder graph, TimeDistributed layer, string input)
    {
        var steps = layer.InputShape[0];
        var folded = ReshapeTo(graph, layer, input, layer.Layer.InputShape.Dimensions);
        var inner = Append(graph, layer.Layer, folded);
        return ReshapeTo(graph, layer, inner, [steps, .. layer.Layer.OutputShape.Dimensions]);
    }

    /// <summary>Reshape to (-1, ...perSample): the batch axis is whatever remains.</summary>
    private static string ReshapeTo(OnnxGraphBuilder graph, Layer layer, string input, ReadOnlySpan<int> perSample)
    {
        var dims = new long[perSample.Length + 1];
        dims[0] = -1;
        for (var i = 0; i < perSample.Length; i++)
        {
            dims[i + 1] = perSample[i];
        }

        return graph.Node("Reshape", layer.Name, [input, graph.Int64Initializer($"{layer.Name}_shape", dims)]);
    }
}
