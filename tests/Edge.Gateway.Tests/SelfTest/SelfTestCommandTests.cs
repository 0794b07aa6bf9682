using Edge.Gateway.SelfTest;
using Edge.Gateway.Tests.Support;
using Edge.ModelContract.Bundles;

namespace Edge.Gateway.Tests.SelfTest;

/// <summary>`edge selftest` end to end, in process: the embedded data passes, and --compare-with catches a difference.</summary>
[Collection(ConsoleCapture.Collection)]
public sealed class SelfTestCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edge-selftest-").FullName;

    [Fact]
    public void Selftest_passes_every_check_and_ends_with_a_result_line()
    {
        var (exit, output, _) = ConsoleCapture.Run(() => Program.Main(["selftest"]));

        var lines = output.TrimEnd().Split('\n');
        using var key = BundlePublicKey.FromPem(SelfTestData.DemoPublicKeyPem(), "demo-signing.pub");
        var vectors = ModelBundle.Verify(SelfTestData.DemoBundle(), [key]).TestVectors.Inputs.Count;
        Assert.Equal(0, exit);
        // The bundle, one score per test vector, one decode per recording (DSMR, IEC 62056-21, Modbus), one per feature spec.
        var checks = 1 + vectors + SelfTestData.Recordings().Count + FeatureSelfTest.Checks;
        Assert.Equal($"result checks={checks} failed=0", lines[^1]);
        Assert.All(lines.Where(l => !l.StartsWith('#') && !l.StartsWith("result", StringComparison.Ordinal)), l => Assert.EndsWith(" status=pass", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_with_an_identical_output_passes_and_with_an_altered_one_fails()
    {
        var (_, output, _) = ConsoleCapture.Run(() => Program.Main(["selftest"]));
        var same = Path.Combine(_folder, "same.txt");
        var altered = Path.Combine(_folder, "altered.txt");
        File.WriteAllText(same, output);
        File.WriteAllText(altered, output.Replace("import_total_wh=1234567 ", "import_total_wh=1234568 ", StringComparison.Ordinal));

        var (sameExit, _, sameError) = ConsoleCapture.Run(() => Program.Main(["selftest", "--compare-with", same]));
        var (alteredExit, _, alteredError) = ConsoleCapture.Run(() => Program.Main(["selftest", "--compare-with", altered]));

        Assert.Equal(0, sameExit);
        Assert.Contains("agrees with same.txt within tolerance", sameError, StringComparison.Ordinal);
        Assert.Equal(1, alteredExit);
        Assert.Contains("import_total_wh=1234567 vs import_total_wh=1234568", alteredError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bundle_without_its_key_is_a_usage_error()
    {
        var (exit, _, error) = ConsoleCapture.Run(() => Program.Main(["selftest", "--bundle", "x.bundle"]));

        Assert.Equal(Program.UsageError, exit);
        Assert.Contains("--bundle and --trusted-key go together", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
