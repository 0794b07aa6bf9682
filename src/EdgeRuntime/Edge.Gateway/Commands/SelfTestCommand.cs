using System.CommandLine;
using Edge.Gateway.SelfTest;
using Edge.ModelContract.Bundles;
using Microsoft.ML.OnnxRuntime;

namespace Edge.Gateway.Commands;

/// <summary>
/// <c>edge selftest</c>: proves this build works on this CPU without meters or a network. Verifies the demo bundle
/// against its public key, scores its test vectors through ONNX Runtime, and decodes recorded DSMR, IEC 62056-21 and
/// Modbus telegrams. Prints one line per check (docs/pi-build.md); exits 0 only when every check passes.
/// With --compare-with it also checks that another platform's output agrees with this one within tolerance.
/// </summary>
internal static class SelfTestCommand
{
    public static Command Create()
    {
        var bundle = new Option<FileInfo?>("--bundle") { Description = "Bundle to check instead of the embedded demo bundle (needs --trusted-key)." };
        var trustedKey = new Option<FileInfo?>("--trusted-key") { Description = "Public key (PEM) the bundle must be signed with." };
        var compareWith = new Option<FileInfo?>("--compare-with") { Description = "Another platform's selftest output; fail on any difference beyond tolerance." };
        var command = new Command("selftest", "Check the model bundle, ONNX Runtime and the meter decoders on this machine.") { bundle, trustedKey, compareWith };
        command.SetAction(parse =>
        {
            var bundleFile = parse.GetValue(bundle);
            var keyFile = parse.GetValue(trustedKey);
            if ((bundleFile is null) != (keyFile is null))
            {
                Console.Error.WriteLine("edge selftest: --bundle and --trusted-key go together");
                return Program.UsageError;
            }

            BundlePublicKey key;
            try
            {
                key = keyFile is null
                    ? BundlePublicKey.FromPem(SelfTestData.DemoPublicKeyPem(), SelfTestData.DemoPublicKeyResource)
                    : BundlePublicKey.FromPem(File.ReadAllText(keyFile.FullName), keyFile.FullName);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"edge selftest: {e.Message}");
                return Program.UsageError;
            }

            var report = new SelfTestReport();
            using (key)
            {
                report.Comment($"edge selftest on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}, ONNX Runtime {OrtEnv.Instance().GetVersionString()}");
                BundleSelfTest.Run(bundleFile is null ? SelfTestData.DemoBundle() : File.ReadAllBytes(bundleFile.FullName), key, report);
            }

            RecordingSelfTest.Run(SelfTestData.Recordings(), report);
            FeatureSelfTest.Run(report);
            report.Finish();
            foreach (var line in report.Lines)
            {
                Console.WriteLine(line);
            }

            if (parse.GetValue(compareWith) is { } other)
            {
                var differences = SelfTestComparison.Differences(report.Lines, File.ReadAllLines(other.FullName));
                foreach (var difference in differences)
                {
                    Console.Error.WriteLine($"edge selftest: differs from {other.Name}: {difference}");
                }

                Console.Error.WriteLine(differences.Count == 0
                    ? $"edge selftest: output agrees with {other.Name} within tolerance"
                    : $"edge selftest: {differences.Count} difference(s) from {other.Name}");
                if (differences.Count > 0)
                {
                    return 1;
                }
            }

            return report.Passed ? 0 : 1;
        });
        return command;
    }
}
