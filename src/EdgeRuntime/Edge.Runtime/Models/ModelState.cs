using System.Text.Json.Serialization;

namespace Edge.Runtime.Models;

/// <summary>
/// state.json in the model directory (docs/model-delivery.md): which installed bundle scores, which one is kept to
/// fall back to, and the highest version ever activated. Replaced atomically as a whole on every change.
/// </summary>
public sealed record ModelState
{
    public const int CurrentFormatVersion = 1;

    /// <summary>Rejections kept for the status page; older ones are dropped (their versions stay refused by anti-rollback).</summary>
    public const int RejectedKept = 20;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public InstalledModel? Active { get; init; }

    public InstalledModel? Previous { get; init; }

    /// <summary>Highest manifest version ever activated; only a bundle above it can be installed (anti-rollback).</summary>
    public long HighestVersion { get; init; }

    /// <summary>Bundles rolled back for failing at run time, newest last; the same bundle is never installed again.</summary>
    public IReadOnlyList<RejectedModel> Rejected { get; init; } = [];

    public RollbackRecord? LastRollback { get; init; }

    public static ModelState Empty { get; } = new();
}

/// <summary>A bundle in the model directory: <see cref="File"/> is relative to that directory.</summary>
public sealed record InstalledModel(
    string ModelId, long Version, string File, string BundleSha256, string SignerKeyId, DateTimeOffset ActivatedUtc, string Source)
{
    public string Label => $"{ModelId}@{Version}";
}

/// <summary>A bundle that failed at run time and was rolled back.</summary>
public sealed record RejectedModel(string Label, string BundleSha256, string Reason, string Message, DateTimeOffset AtUtc);

/// <summary>A return to the previous bundle: automatic (the model failed at run time or at start) or by an operator.</summary>
public sealed record RollbackRecord(string From, string? To, RollbackKind Kind, string Reason, DateTimeOffset AtUtc);

public enum RollbackKind
{
    Automatic,
    Operator,
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true, RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(ModelState))]
internal sealed partial class ModelStateJsonContext : JsonSerializerContext;
