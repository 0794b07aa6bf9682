using System.Text.Json.Serialization;

namespace Edge.Engine.Models.Checkpoints;

/// <summary>The JSON header of a checkpoint: the architecture and, in data order, every parameter's name and shape.</summary>
internal sealed record CheckpointHeader(string ModelType, string ModelName, int[] InputShape, List<CheckpointLayer> Layers);

/// <summary>One top-level layer: Keras type, name (informational), configuration, output shape and parameters.</summary>
internal sealed record CheckpointLayer(string Type, string Name, Dictionary<string, string> Config, int[] OutputShape, List<CheckpointParameter> Parameters);

internal sealed record CheckpointParameter(string Name, int[] Shape, bool Trainable);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CheckpointHeader))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
