using Edge.Gateway.SelfTest;
using Edge.ModelContract.Bundles;

namespace Edge.Gateway.Tests.SelfTest;

public sealed class BundleSelfTestTests
{
    [Fact]
    public void The_demo_bundle_verifies_and_every_test_vector_scores_within_tolerance()
    {
        using var key = BundlePublicKey.FromPem(SelfTestData.DemoPublicKeyPem(), "demo-signing.pub");
        var report = new SelfTestReport();

        BundleSelfTest.Run(SelfTestData.DemoBundle(), key, report);

        var vectors = ModelBundle.Verify(SelfTestData.DemoBundle(), [key]).TestVectors;
        Assert.True(report.Passed, string.Join('\n', report.Lines));
        Assert.Equal(1 + vectors.Inputs.Count, report.Checks);
        Assert.StartsWith("bundle model=demo-gateway version=1 ", report.Lines[0], StringComparison.Ordinal);
        Assert.Equal(vectors.Inputs.Count, report.Lines.Count(l => l.StartsWith("score vector=", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_bundle_signed_by_another_key_fails_without_running_the_model()
    {
        using var signer = BundleSigningKey.Generate();
        using var stranger = BundlePublicKey.FromPem(signer.ExportPublicKeyPem(), "stranger.pub");
        var report = new SelfTestReport();

        BundleSelfTest.Run(SelfTestData.DemoBundle(), stranger, report);

        Assert.Equal(1, report.Failures);
        Assert.Equal("bundle reason=UnknownKey status=fail", report.Lines[0]);
        Assert.DoesNotContain(report.Lines, l => l.StartsWith("score", StringComparison.Ordinal));
    }
}
