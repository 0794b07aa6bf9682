using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.ModelContract.Features;

/// <summary>Reads and writes <see cref="FeatureSpec"/> as JSON with source-generated (AOT-safe) serialization.</summary>
public static class FeatureSpecJson
{
    public static string Serialize(FeatureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        return JsonSerializer.Serialize(spec, FeatureSpecJsonContext.Default.FeatureSpec);
    }

    /// <summary>Parses and validates; throws <see cref="FormatException"/> with the reason on bad input.</summary>
    public static FeatureSpec Deserialize(string json)
    {
        FeatureSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize(json, FeatureSpecJsonContext.Default.FeatureSpec);
        }
        catch (JsonException e)
        {
            throw new FormatException($"feature spec is not valid JSON: {e.Message}", e);
        }

        if (spec is null)
        {
            throw new FormatException("feature spec is null");
        }

        spec.Validate();
        return spec;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(FeatureSpec))]
[JsonSerializable(typeof(FeatureChannels))]
internal sealed partial class FeatureSpecJsonContext : JsonSerializerContext;
