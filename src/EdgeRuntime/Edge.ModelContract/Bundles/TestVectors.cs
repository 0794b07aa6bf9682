using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edge.ModelContract.Bundles;

/// <summary>
/// Inputs with the scores ONNX Runtime gave for them when the bundle was made. The gateway runs them before it
/// activates a model: the same bytes must give the same scores on the gateway's CPU.
/// </summary>
public sealed record TestVectors
{
    /// <summary>Input shape without the batch dimension.</summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    /// <summary>One flattened input per vector, row-major.</summary>
    public required IReadOnlyList<float[]> Inputs { get; init; }

    public required IReadOnlyList<float> ExpectedScores { get; init; }

    /// <summary>Largest absolute difference the gateway accepts (int8 kernels differ slightly across CPUs).</summary>
    public float Tolerance { get; init; } = 1e-4f;

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, BundleJsonContext.Default.TestVectors);

    public static TestVectors FromUtf8Json(ReadOnlySpan<byte> json)
    {
        TestVectors? vectors;
        try
        {
            vectors = JsonSerializer.Deserialize(json, BundleJsonContext.Default.TestVectors);
        }
        catch (JsonException e)
        {
            throw new BundleRejectedException(BundleRejection.BadTestVectors, $"test vectors are not valid JSON: {e.Message}");
        }

        if (vectors is null || vectors.Inputs.Count != vectors.ExpectedScores.Count)
        {
            throw new BundleRejectedException(BundleRejection.BadTestVectors, "test vectors must list one expected score per input");
        }

        var size = vectors.InputShape.Aggregate(1, (a, b) => a * b);
        for (var i = 0; i < vectors.Inputs.Count; i++)
        {
            if (vectors.Inputs[i].Length != size)
            {
                throw new BundleRejectedException(BundleRejection.BadTestVectors, $"test vector {i} has {vectors.Inputs[i].Length} values, the input shape needs {size}");
            }
        }

        return vectors;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(BundleManifest))]
[JsonSerializable(typeof(TestVectors))]
internal sealed partial class BundleJsonContext : JsonSerializerContext;
