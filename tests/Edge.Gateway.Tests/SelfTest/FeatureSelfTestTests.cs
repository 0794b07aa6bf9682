using Edge.Gateway.SelfTest;
using Edge.ModelContract.Features;

namespace Edge.Gateway.Tests.SelfTest;

public class FeatureSelfTestTests
{
    [Fact]
    public void The_feature_code_passes_with_a_hash_per_spec()
    {
        var report = new SelfTestReport();
        FeatureSelfTest.Run(report);

        Assert.Equal(FeatureSelfTest.Checks, report.Checks);
        Assert.True(report.Passed, string.Join('\n', report.Lines));
        Assert.All(report.Lines, l => Assert.Matches(@"^features spec=[a-z0-9-]+ windows=60 values=\d+ sha256=[0-9a-f]{16} status=pass$", l));
    }

    [Fact]
    public void A_channel_that_departs_from_its_definition_fails_and_says_where()
    {
        // Day-change of feature day 500 (channel 4) replaced on five-channel specs.
        var report = new SelfTestReport();
        FeatureSelfTest.Run(report, (spec, raw, features) =>
        {
            FeaturePipeline.Transform(spec, raw, features);
            if (spec.Channels == FeatureChannelSet.All && features.Length > (500 * 5) + 4)
            {
                features[(500 * 5) + 4] = 42f;
            }
        });

        Assert.Contains(report.Lines, l => l.StartsWith("features spec=gateway ", StringComparison.Ordinal) && l.EndsWith("status=fail", StringComparison.Ordinal));
        Assert.Contains(report.Lines, l => l.StartsWith("# features gateway: 60 values differ", StringComparison.Ordinal) && l.Contains("day 500 channel 4: 42 instead of", StringComparison.Ordinal));
        Assert.Contains(report.Lines, l => l.StartsWith("features spec=kwh-56 ", StringComparison.Ordinal) && l.EndsWith("status=pass", StringComparison.Ordinal));
    }

    [Fact]
    public void One_unit_in_the_last_place_changes_the_hash_that_platforms_compare()
    {
        var reference = new SelfTestReport();
        FeatureSelfTest.Run(reference);
        var nudged = new SelfTestReport();
        FeatureSelfTest.Run(nudged, (spec, raw, features) =>
        {
            FeaturePipeline.Transform(spec, raw, features);
            if (spec.WindowDays == 56)
            {
                features[17] = MathF.BitIncrement(features[17]);
            }
        });

        var kwh = (string l) => l.StartsWith("features spec=kwh-56 ", StringComparison.Ordinal);
        Assert.NotEqual(reference.Lines.Single(kwh), nudged.Lines.Single(kwh));
        Assert.Empty(SelfTestComparison.Differences(reference.Lines.Where(l => !kwh(l)).ToList(), nudged.Lines.Where(l => !kwh(l)).ToList()));
        Assert.NotEmpty(SelfTestComparison.Differences(reference.Lines, nudged.Lines));
    }
}
