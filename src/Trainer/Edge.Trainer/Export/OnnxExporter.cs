using Edge.Engine.Models;
using Edge.Engine.Tensors;
using Edge.ModelContract.Features;
using Edge.Trainer.Export.Onnx;
using Google.Protobuf;

namespace Edge.Trainer.Export;

/// <summary>
/// Writes a built <see cref="Sequential"/> as an ONNX model (IR version 8, default-domain opset 17) that computes the
/// same scores as <see cref="Sequential.Predict"/>: input "input" (batch, ...model input shape), output "score"
/// (batch, ...model output shape), float32, batch size left symbolic. See docs/onnx-export.md.
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "input";
    public const string OutputName = "score";
    public const long IrVersion = 8;
    public const long Opset = 17;

    /// <summary>metadata_props key holding the feature spec JSON (FeatureSpecJson) the model was trained with.</summary>
    public const string FeatureSpecKey = "edge.feature_spec";

    public static ModelProto Export(Sequential model, FeatureSpec? featureSpec = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.IsBuilt)
        {
            throw new OnnxExportException($"cannot export model '{model.Name}': it has not been built");
        }

        var graph = new GraphProto { Name = model.Name };
        var builder = new OnnxGraphBuilder(graph);
        graph.Input.Add(FloatValue(InputName, model.InputShape));
        var last = LayerToOnnx.Append(builder, model, InputName);
        builder.NamedNode("Identity", last, OutputName);
        graph.Output.Add(FloatValue(OutputName, model.OutputShape));

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "edge-trainer",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        if (featureSpec is not null)
        {
            proto.MetadataProps.Add(new StringStringEntryProto { Key = FeatureSpecKey, Value = FeatureSpecJson.Serialize(featureSpec) });
        }

        return proto;
    }

    /// <summary>The serialized model; the same model always gives the same bytes (fields are written in a fixed order).</summary>
    public static byte[] ExportBytes(Sequential model, FeatureSpec? featureSpec = null) => Export(model, featureSpec).ToByteArray();

    private static ValueInfoProto FloatValue(string name, Shape perSample)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        foreach (var d in perSample.Dimensions)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
