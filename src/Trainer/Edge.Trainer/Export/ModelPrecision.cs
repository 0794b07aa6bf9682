using Edge.Trainer.Export.Onnx;
using Edge.Trainer.Export.Quantization;
using Google.Protobuf;

namespace Edge.Trainer.Export;

/// <summary>The precision a bundle manifest states for a model ("fp32" or "int8", docs/bundle-format.md), read from the model itself.</summary>
public static class ModelPrecision
{
    public const string Fp32 = "fp32";
    public const string Int8 = "int8";

    /// <summary>Operators that only a quantized graph holds.</summary>
    private static readonly HashSet<string> QuantizedOperators = new(StringComparer.Ordinal)
    {
        "QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLSTM", "DynamicQuantizeMatMul", "MatMulInteger", "ConvInteger", "QLinearConv", "QLinearMatMul",
    };

    /// <summary>"int8" for a model written by <see cref="OnnxQuantizer"/> (or holding quantized operators), else "fp32".</summary>
    public static string Of(byte[] onnx)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxExportException($"not an ONNX model: {e.Message}");
        }

        var quantized = model.MetadataProps.Any(p => p.Key == OnnxQuantizer.QuantizationKey)
            || model.Graph?.Node.Any(n => QuantizedOperators.Contains(n.OpType)) == true;
        return quantized ? Int8 : Fp32;
    }
}
