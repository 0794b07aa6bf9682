using Edge.ModelContract.Features;

namespace Edge.ModelContract.Bundles;

/// <summary>
/// What a bundle claims about its model. The signature covers these exact bytes, and the manifest pins the SHA-256
/// of every other entry, so one signature vouches for the whole bundle.
/// </summary>
public sealed record BundleManifest
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Stable name of the model line, e.g. "gateway-theft".</summary>
    public required string ModelId { get; init; }

    /// <summary>Monotonically increasing release number; gateways refuse anything not above what they have seen.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>Exactly how the gateway turns daily kWh into the model's input.</summary>
    public required FeatureSpec FeatureSpec { get; init; }

    /// <summary>Scores at or above this are flagged (chosen on validation data by the Trainer).</summary>
    public required float Threshold { get; init; }

    /// <summary>Test-set figures from the Trainer's report (e.g. "rocAuc", "prAuc", "mapAt100").</summary>
    public IReadOnlyDictionary<string, double> TestMetrics { get; init; } = new Dictionary<string, double>();

    public required ModelDescription Model { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the test-vectors entry.</summary>
    public required string TestVectorsSha256 { get; init; }

    /// <summary>Oldest gateway runtime that can run this model (semantic version "major.minor.patch").</summary>
    public required string MinimumRuntimeVersion { get; init; }
}

/// <summary>The ONNX model entry: its hash and the input/output contract the gateway checks before activation.</summary>
public sealed record ModelDescription
{
    /// <summary>SHA-256 (lower-case hex) of model.onnx.</summary>
    public required string Sha256 { get; init; }

    public required long Bytes { get; init; }

    /// <summary>"fp32" or "int8".</summary>
    public required string Precision { get; init; }

    public required string InputName { get; init; }

    /// <summary>Input shape without the batch dimension, e.g. [28, 1].</summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    public required string OutputName { get; init; }
}
