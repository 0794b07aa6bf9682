using Edge.Gateway.SelfTest;

namespace Edge.Gateway.Tests.SelfTest;

public sealed class SelfTestComparisonTests
{
    private static readonly string[] X64 =
    [
        "# edge selftest on linux-x64, ONNX Runtime 1.31.1",
        "bundle model=demo-gateway version=1 status=pass",
        "score vector=0 expected=0.25 actual=0.25 diff=0E+0 tolerance=0.0001 status=pass",
        "decode recording=dsmr-p1 meter=E1 import_total_wh=1234567 status=pass",
        "result checks=3 failed=0",
    ];

    [Fact]
    public void Outputs_that_differ_only_in_comments_agree() =>
        Assert.Empty(SelfTestComparison.Differences(X64, With(X64, 0, "# edge selftest on linux-arm64, ONNX Runtime 1.31.1")));

    [Fact]
    public void A_score_within_the_lines_tolerance_agrees()
    {
        // 0.25 + 0.00009 is within 1e-4 of 0.25; the diff field moves by the same amount.
        var arm64 = With(X64, 2, "score vector=0 expected=0.25 actual=0.25009 diff=9E-5 tolerance=0.0001 status=pass");

        Assert.Empty(SelfTestComparison.Differences(X64, arm64));
    }

    [Fact]
    public void A_score_beyond_the_tolerance_is_a_difference_naming_the_vector()
    {
        var arm64 = With(X64, 2, "score vector=0 expected=0.25 actual=0.2502 diff=2E-4 tolerance=0.0001 status=pass");

        var difference = Assert.Single(SelfTestComparison.Differences(X64, arm64));
        Assert.StartsWith("check 2 (score vector=0): actual 0.25 vs 0.2502", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_on_a_line_without_a_tolerance_must_match_exactly()
    {
        var arm64 = With(X64, 3, "decode recording=dsmr-p1 meter=E1 import_total_wh=1234568 status=pass");

        var difference = Assert.Single(SelfTestComparison.Differences(X64, arm64));
        Assert.Equal("check 3 (decode recording=dsmr-p1): import_total_wh=1234567 vs import_total_wh=1234568", difference);
    }

    [Fact]
    public void A_check_that_passes_on_one_platform_and_fails_on_the_other_is_a_difference()
    {
        var arm64 = With(X64, 2, "score vector=0 expected=0.25 actual=0.25 diff=0E+0 tolerance=0.0001 status=fail");

        Assert.Single(SelfTestComparison.Differences(X64, arm64));
    }

    [Fact]
    public void A_missing_check_is_a_difference()
    {
        var arm64 = X64.Where((_, i) => i != 3).ToArray();

        Assert.Contains("4 checks here, 3 in the other output", SelfTestComparison.Differences(X64, arm64));
    }

    private static string[] With(string[] lines, int index, string line)
    {
        var copy = (string[])lines.Clone();
        copy[index] = line;
        return copy;
    }
}
