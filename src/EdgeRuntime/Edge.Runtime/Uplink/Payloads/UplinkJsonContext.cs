using System.Text.Json.Serialization;

namespace Edge.Runtime.Uplink.Payloads;

/// <summary>Source-generated JSON for the uplink payloads (no reflection: the gateway is published with NativeAOT).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertReport))]
[JsonSerializable(typeof(DailySummaryReport))]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class UplinkJsonContext : JsonSerializerContext;
