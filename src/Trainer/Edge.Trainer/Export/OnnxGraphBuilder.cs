using Edge.Trainer.Export.Onnx;
using Google.Protobuf;

namespace Edge.Trainer.Export;

/// <summary>
/// Accumulates the nodes and initializers of one ONNX graph, handing out unique value names. Tensors are written as
/// little-endian raw_data (TensorProto field 9), which is what ONNX Runtime reads fastest.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private int _counter;

    public OnnxGraphBuilder(GraphProto graph)
    {
        _graph = graph;
    }

    /// <summary>A fresh value name derived from <paramref name="hint"/>.</summary>
    public string NewName(string hint) => $"{hint}_{_counter++}";

    public string FloatInitializer(string hint, ReadOnlySpan<float> values, params long[] dims)
    {
        var name = NewName(hint);
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this exporter writes host-order floats.");
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string Int64Initializer(string hint, params long[] values)
    {
        var name = NewName(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string opType, string hint, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        NodeWithOutputs(opType, hint, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs and returns their names.</summary>
    public string[] NodeWithOutputs(string opType, string hint, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = NewName(hint) };
        node.Input.AddRange(inputs);
        var names = new string[outputs];
        for (var i = 0; i < outputs; i++)
        {
            names[i] = NewName($"{hint}_out");
        }

        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return names;
    }

    /// <summary>Adds a node whose output gets the given name (used for the graph's named output).</summary>
    public void NamedNode(string opType, string input, string output)
    {
        var node = new NodeProto { OpType = opType, Name = NewName(opType.ToLowerInvariant()) };
        node.Input.Add(input);
        node.Output.Add(output);
        _graph.Node.Add(node);
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Strings(string name, params string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }
}
