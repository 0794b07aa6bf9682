using Edge.ModelContract.Bundles;
using Edge.Runtime.Models;
using Edge.Runtime.Tests.Support;

namespace Edge.Runtime.Tests.Models;

/// <summary>
/// Issue 7's security cases: each hostile or broken bundle is refused with its reason code and a message naming
/// the problem, and the model that was active keeps scoring with state.json and the stored bundles untouched.
/// </summary>
public sealed class ModelSecurityTests : IDisposable
{
    private readonly ModelDeliveryFixture _fixture = new();
    private readonly ModelInstaller _installer;

    public ModelSecurityTests()
    {
        _installer = _fixture.Open();
        var first = ModelDeliveryFixture.Install(_installer, _fixture.Bundle(2)).GetAwaiter().GetResult();
        Assert.True(first.Activated, first.Message);
    }

    [Fact]
    public async Task A_bad_signature_is_rejected()
    {
        var bundle = BundleForge.ReplaceEntry(_fixture.Bundle(3), BundleContainer.SignatureEntry, sig => BundleForge.Flip(sig, 40));
        await AssertRejected(bundle, nameof(BundleRejection.BadSignature), "does not verify");
    }

    [Fact]
    public async Task A_bundle_signed_by_an_unknown_key_is_rejected()
    {
        using var stranger = BundleSigningKey.Generate();
        await AssertRejected(TestBundles.Gateway(stranger, 3).Bytes, nameof(BundleRejection.UnknownKey), Convert.ToHexStringLower(stranger.KeyId));
    }

    [Fact]
    public async Task Tampered_model_bytes_are_rejected()
    {
        var bundle = BundleForge.ReplaceEntry(_fixture.Bundle(3), BundleContainer.ModelEntry, model => BundleForge.Flip(model, model.Length / 2));
        await AssertRejected(bundle, nameof(BundleRejection.ModelHashMismatch), "model.onnx");
    }

    [Fact]
    public async Task A_tampered_manifest_is_rejected()
    {
        // Raise the version in the signed manifest text (a forged release); the signature no longer matches.
        var bundle = BundleForge.ReplaceEntry(_fixture.Bundle(3), BundleContainer.ManifestEntry, manifest =>
        {
            var text = System.Text.Encoding.UTF8.GetString(manifest);
            var changed = System.Text.RegularExpressions.Regex.Replace(text, "\"version\": 3", "\"version\": 30");
            Assert.NotEqual(text, changed);
            return System.Text.Encoding.UTF8.GetBytes(changed);
        });
        await AssertRejected(bundle, nameof(BundleRejection.BadSignature), "manifest signature");
    }

    [Fact]
    public async Task A_downgrade_is_rejected()
    {
        await AssertRejected(_fixture.Bundle(1), ModelRejection.NotNewer, "version 1 is below 2");
    }

    [Fact]
    public async Task The_same_version_is_rejected_even_with_other_weights()
    {
        await AssertRejected(_fixture.Bundle(2, seed: 9), ModelRejection.NotNewer, "version 2 is equal to 2");
    }

    [Fact]
    public async Task An_input_shape_that_does_not_fit_the_feature_spec_is_rejected()
    {
        // The model takes 8 weeks x 7 days = 56 values; a 28-day window produces 28 (FeaturePipeline, weekly layout).
        var bundle = BundleForge.WindowMismatch(_fixture.Key, 3, windowDays: 28);
        await AssertRejected(bundle, ModelRejection.IncompatibleInput, "holds 56 values but the feature spec (windowDays 28, layout Weeks, 1 channel(s)) produces 28");
    }

    [Fact]
    public async Task A_bundle_needing_a_newer_runtime_is_rejected()
    {
        var bundle = BundleForge.Resign(_fixture.Bundle(3), _fixture.Key, m => m with { MinimumRuntimeVersion = "9.0.0" });
        await AssertRejected(bundle, ModelRejection.RuntimeTooOld, "needs runtime 9.0.0");
    }

    [Fact]
    public async Task A_model_that_scores_NaN_is_rejected()
    {
        await AssertRejected(BundleForge.NanModel(_fixture.Key, 3), ModelRejection.NonFiniteScore, "scored NaN");
    }

    [Fact]
    public async Task A_model_whose_scores_differ_from_its_test_vectors_is_rejected()
    {
        // Validly signed, but model.onnx is another network than the one that produced the expected scores.
        var other = BundleContainer.Read(TestBundles.Gateway(_fixture.Key, 3, seed: 11).Bytes)[BundleContainer.ModelEntry];
        var bundle = BundleForge.Resign(_fixture.Bundle(3), _fixture.Key, model: other);
        await AssertRejected(bundle, ModelRejection.TestVectorMismatch, "test vector 0 scored");
    }

    [Fact]
    public async Task A_truncated_file_is_rejected()
    {
        var whole = _fixture.Bundle(3);
        await AssertRejected(whole[..(whole.Length - 100)], nameof(BundleRejection.Truncated), "claims");
    }

    [Fact]
    public async Task An_empty_file_is_rejected()
    {
        await AssertRejected([], ModelRejection.Unreadable, "empty");
    }

    [Fact]
    public async Task A_file_that_is_not_a_bundle_is_rejected()
    {
        await AssertRejected("PK\u0003\u0004 a zip file"u8.ToArray(), nameof(BundleRejection.NotABundle), "EDGEBNDL");
    }

    [Theory]
    [InlineData("../model.onnx")]
    [InlineData("/etc/edge/model.onnx")]
    [InlineData("..")]
    [InlineData("models\\model.onnx")]
    public async Task An_entry_named_with_a_path_is_rejected(string name)
    {
        // The bundle format has no directories: entry names are fixed plain names, never paths (docs/bundle-format.md).
        var bundle = BundleForge.WithEntryNames(_fixture.Bundle(3), BundleContainer.ManifestEntry, BundleContainer.SignatureEntry, name, BundleContainer.TestVectorsEntry);
        await AssertRejected(bundle, nameof(BundleRejection.BadEntry), "never paths");
        Assert.False(File.Exists("/etc/edge/model.onnx"));
        Assert.Single(Directory.GetFiles(Path.Combine(_fixture.Options.ModelDirectory, ModelRepository.BundlesDirectoryName)));
    }

    [Fact]
    public async Task The_next_version_after_all_of_that_still_installs()
    {
        await AssertRejected(_fixture.Bundle(1), ModelRejection.NotNewer, "below");
        var outcome = await ModelDeliveryFixture.Install(_installer, _fixture.Bundle(3));
        Assert.True(outcome.Activated, outcome.Message);
        ModelDeliveryFixture.AssertScoresWith(_installer, "gateway-theft@3");
    }

    private async Task AssertRejected(byte[] bundle, string reason, string messagePart)
    {
        var stateBefore = File.ReadAllBytes(_fixture.StatePath);
        var before = _installer.Active;
        var events = new List<ModelDeliveryEvent>();
        _installer.Changed += (_, e) => events.Add(e);

        var outcome = await ModelDeliveryFixture.Install(_installer, bundle);

        Assert.False(outcome.Activated);
        Assert.Equal(reason, outcome.Reason);
        Assert.Contains(messagePart, outcome.Message, StringComparison.Ordinal);
        Assert.Same(before, _installer.Active);
        ModelDeliveryFixture.AssertScoresWith(_installer, "gateway-theft@2");
        Assert.Equal(stateBefore, File.ReadAllBytes(_fixture.StatePath));
        Assert.Equal(outcome, _installer.Status.LastInstall);
        var raised = Assert.Single(events);
        Assert.Equal(ModelEventKind.Rejected, raised.Kind);
        Assert.Equal(reason, raised.Reason);
        Assert.Empty(_fixture.Faults.Snapshot());
    }

    public void Dispose()
    {
        _installer.Dispose();
        _fixture.Dispose();
    }
}
