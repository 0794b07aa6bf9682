using Edge.ModelContract.Bundles;

namespace Edge.Runtime.Scoring;

/// <summary>The active model as scoring sees it: what the bundle promised (spec, threshold, version) and the ORT session.</summary>
public sealed record ScoringModel(BundleManifest Manifest, OnnxModel Onnx)
{
    /// <summary>"model-id@version", as alerts, the page and the uplink name a model.</summary>
    public string Label => $"{Manifest.ModelId}@{Manifest.Version}";
}
