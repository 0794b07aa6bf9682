using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Runtime.Config;

/// <summary>
/// Source-generated (NativeAOT) reader of the config file: camelCase keys, enums as camelCase strings, comments and
/// trailing commas tolerated, and any key the records do not declare is an error, not silently ignored.
/// The records use settable properties, not init-only ones: the generated code sets init-only properties through one
/// object initializer and so overwrites their defaults with null/0 when a key is absent from the file.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(GatewayConfig))]
internal sealed partial class GatewayConfigJson : JsonSerializerContext;
