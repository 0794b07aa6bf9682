using Edge.ModelContract.Bundles;
using Edge.Runtime.Scoring;
using Edge.Runtime.Tests.Support;
using Edge.Trainer.Export;

namespace Edge.Runtime.Tests.Scoring;

/// <summary>Real signed bundles loaded into ORT the way the gateway loads them: a working one and broken ones.</summary>
internal sealed class ScoringModels : IDisposable
{
    public const int WindowDays = 56;

    private readonly BundleSigningKey _key = BundleSigningKey.Generate();
    private readonly BundlePublicKey _trusted;
    private readonly List<OnnxModel> _loaded = [];

    public ScoringModels()
    {
        _trusted = BundlePublicKey.FromPem(_key.ExportPublicKeyPem(), "test");
        Made = TestBundles.Gateway(_key, version: 3, windowDays: WindowDays);
    }

    /// <summary>The working bundle and the Trainer network it was exported from (the oracle).</summary>
    public TestBundle Made { get; }

    public ScoringModel Good(float? threshold = null)
    {
        var verified = ModelBundle.Verify(Made.Bytes, [_trusted]);
        var manifest = threshold is { } t ? verified.Manifest with { Threshold = t } : verified.Manifest;
        return new ScoringModel(manifest, Load(verified));
    }

    /// <summary>
    /// A correctly signed bundle whose weights are all NaN, so ORT runs and returns NaN scores (a model corrupted when it
    /// was made, which signature checks cannot catch). Its test vectors are the good model's, as a careless export would leave.
    /// </summary>
    public ScoringModel NaNScoring()
    {
        var network = TestBundles.Gateway(_key, version: 4, windowDays: WindowDays).Network;
        network.SetWeights([.. network.GetWeights().Select(w => Enumerable.Repeat(float.NaN, w.Length).ToArray())]);
        var good = ModelBundle.Verify(Made.Bytes, [_trusted]);
        var bytes = ModelBundle.Create(good.Manifest with { Version = 4 }, OnnxExporter.ExportBytes(network), good.TestVectors, _key);
        var verified = ModelBundle.Verify(bytes, [_trusted]);
        return new ScoringModel(verified.Manifest, Load(verified));
    }

    /// <summary>
    /// The good manifest (56-day features) paired with an ORT session of a 63-day model: every Run throws, as a model
    /// whose graph does not match its manifest would.
    /// </summary>
    public ScoringModel Throwing()
    {
        var other = TestBundles.Gateway(_key, version: 5, windowDays: 63);
        var verified = ModelBundle.Verify(other.Bytes, [_trusted]);
        var manifest = ModelBundle.Verify(Made.Bytes, [_trusted]).Manifest with { Version = 5 };
        return new ScoringModel(manifest, Load(verified));
    }

    public void Dispose()
    {
        foreach (var model in _loaded)
        {
            model.Dispose();
        }

        _trusted.Dispose();
        _key.Dispose();
    }

    private OnnxModel Load(VerifiedBundle verified)
    {
        var model = OnnxModel.Load(verified);
        _loaded.Add(model);
        return model;
    }
}
