using Edge.Engine.Activations;
using Edge.Engine.Layers;

namespace Edge.Trainer.Export;

/// <summary>Keras activations as the ONNX operators with the same definition (Operators.md, opset 17).</summary>
internal static class ActivationToOnnx
{
    /// <summary>Appends the activation to <paramref name="value"/>; linear (or null) appends nothing.</summary>
    public static string Apply(OnnxGraphBuilder graph, Layer layer, IActivation? activation, string value) => activation switch
    {
        null or Linear => value,
        Sigmoid => graph.Node("Sigmoid", layer.Name, [value]),
        Relu => graph.Node("Relu", layer.Name, [value]),
        Tanh => graph.Node("Tanh", layer.Name, [value]),
        // Keras's softmax runs over the last axis; Softmax-13 normalises along `axis` alone.
        Softmax => graph.Node("Softmax", layer.Name, [value], OnnxGraphBuilder.Int("axis", -1)),
        LeakyRelu leaky => graph.Node("LeakyRelu", layer.Name, [value], OnnxGraphBuilder.Float("alpha", leaky.NegativeSlope)),
        Elu elu => graph.Node("Elu", layer.Name, [value], OnnxGraphBuilder.Float("alpha", elu.Alpha)),
        _ => throw new OnnxExportException($"cannot export layer '{layer.Name}' ({layer.KerasTypeName}): activation '{activation.Name}' is not supported"),
    };

    /// <summary>The name RNN/LSTM/GRU's `activations` attribute uses for a Keras activation (Operators.md, RNN).</summary>
    public static string RecurrentName(Layer layer, string kerasName) => kerasName switch
    {
        "tanh" => "Tanh",
        "relu" => "Relu",
        "sigmoid" => "Sigmoid",
        _ => throw new OnnxExportException($"cannot export layer '{layer.Name}' ({layer.KerasTypeName}): recurrent activation '{kerasName}' is not supported"),
    };
}
