using Edge.Trainer.Export.Onnx;
using Google.Protobuf;
using DataType = Edge.Trainer.Export.Onnx.TensorProto.Types.DataType;

namespace Edge.Trainer.Export.Quantization;

/// <summary>Reading fp32 initializers and writing the int8/int32/scale initializers a quantized graph holds (little-endian raw_data).</summary>
internal static class QuantizedTensors
{
    /// <summary>An fp32 initializer's values, from raw_data (little-endian) or float_data.</summary>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.FloatData.Count > 0)
        {
            return tensor.FloatData.ToArray();
        }

        var raw = tensor.RawData.Span;
        var values = new float[raw.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BitConverter.ToSingle(raw[(i * sizeof(float))..]);
        }

        return values;
    }

    public static TensorProto Scalar(string name, DataType type, byte[] raw) =>
        new() { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };

    public static TensorProto Tensor(string name, DataType type, byte[] raw, params long[] dims)
    {
        var tensor = Scalar(name, type, raw);
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static byte[] FloatBytes(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    public static Dictionary<string, TensorProto> FloatInitializers(GraphProto graph) =>
        graph.Initializer.Where(t => t.DataType == (int)DataType.Float).ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>Drops the initializers in <paramref name="replaced"/> that no node reads any more (no fp32 copy stays beside its int8 one).</summary>
    public static void RemoveUnused(GraphProto graph, IEnumerable<string> replaced)
    {
        var stillUsed = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var name in replaced.Where(w => !stillUsed.Contains(w)).ToArray())
        {
            graph.Initializer.Remove(graph.Initializer.First(t => t.Name == name));
        }
    }
}
