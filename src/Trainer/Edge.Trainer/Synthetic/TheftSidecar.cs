using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.Trainer.Synthetic;

/// <summary>The sidecar JSON written next to a synthetic CSV: the options and every thief's attack.</summary>
public sealed record TheftSidecar(
    ulong Seed,
    int Customers,
    int Days,
    DateOnly FirstDay,
    double PositiveShare,
    IReadOnlyList<TheftRecord> Thieves)
{
    public string ToJson() => JsonSerializer.Serialize(this, TheftSidecarJsonContext.Default.TheftSidecar);

    public static TheftSidecar FromJson(string json) =>
        JsonSerializer.Deserialize(json, TheftSidecarJsonContext.Default.TheftSidecar)
        ?? throw new FormatException("sidecar JSON is null");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(TheftSidecar))]
internal sealed partial class TheftSidecarJsonContext : JsonSerializerContext;
