using System.Text.Json.Serialization;

namespace Edge.Runtime.Models;

/// <summary>
/// state.json in the model directory (docs/model-delivery.md): which installed bundle scores, which one is kept to
/// fall back to, and the highest version ever activated of each model id. Replaced atomically as a whole on every change.
/// </summary>
public sealed record ModelState
{
    public const int CurrentFormatVersion = 1;

    /// <summary>Rejections kept for the status page; older ones are dropped (their versions stay refused by anti-rollback).</summary>
    public const int RejectedKept = 20;

    private static readonly IReadOnlyDictionary<string, long> NoVersions = new Dictionary<string, long>(StringComparer.Ordinal);

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public InstalledModel? Active { get; init; }

    public InstalledModel? Previous { get; init; }

    /// <summary>Highest manifest version ever activated, of any model id (shown; the rule is <see cref="HighestVersions"/>).</summary>
    public long HighestVersion { get; init; }

    /// <summary>
    /// Highest version ever activated per model id (a model line, docs/bundle-format.md `modelId`): a bundle must be
    /// above its own id's entry (anti-rollback). Ids never activated here have no entry.
    /// </summary>
    /// <remarks>Never null: a file written before this field existed has none, and generated JSON code sets a missing init-only property to null.</remarks>
    public IReadOnlyDictionary<string, long> HighestVersions { get => field ?? NoVersions; init; } = NoVersions;

    /// <summary>Bundles rolled back for failing at run time, newest last; the same bundle is never installed again.</summary>
    public IReadOnlyList<RejectedModel> Rejected { get; init; } = [];

    public RollbackRecord? LastRollback { get; init; }

    public static ModelState Empty { get; } = new();

    /// <summary>The version a bundle of <paramref name="modelId"/> must exceed; 0 for an id never activated here.</summary>
    public long HighestVersionOf(string modelId) => HighestVersions.GetValueOrDefault(modelId);

    /// <summary>This state after activating <paramref name="installed"/>: its id's highest version and the overall one raised.</summary>
    public ModelState WithHighest(InstalledModel installed)
    {
        ArgumentNullException.ThrowIfNull(installed);
        var highest = new Dictionary<string, long>(HighestVersions, StringComparer.Ordinal);
        highest[installed.ModelId] = Math.Max(HighestVersionOf(installed.ModelId), installed.Version);
        return this with { HighestVersions = highest, HighestVersion = Math.Max(HighestVersion, installed.Version) };
    }

    /// <summary>
    /// A state written before versions were kept per model id has only the overall <see cref="HighestVersion"/>: every
    /// id it names (active, previous, rolled back, rejected) gets that as its floor, which refuses at least what the
    /// old rule refused for those lines.
    /// </summary>
    public ModelState WithPerIdVersions()
    {
        if (HighestVersions.Count > 0 || HighestVersion == 0)
        {
            return this;
        }

        var ids = new[] { Active?.ModelId, Previous?.ModelId }
            .Concat(Rejected.Select(r => ModelIdOf(r.Label)))
            .Concat([LastRollback is { } r ? ModelIdOf(r.From) : null, LastRollback?.To is { } to ? ModelIdOf(to) : null]);
        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in ids.OfType<string>())
        {
            highest[id] = HighestVersion;
        }

        return this with { HighestVersions = highest };
    }

    /// <summary>The model id of a label "model-id@version" (ids may contain '@'; the version is after the last one).</summary>
    private static string ModelIdOf(string label) => label[..Math.Max(0, label.LastIndexOf('@'))];
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
