using System.Text;
using Edge.MeterAdapter.Readings;

namespace Edge.Gateway.SelfTest;

/// <summary>
/// What `edge selftest` checks when given nothing else, embedded in the executable so the self-test needs no files
/// on the device: the demo bundle and its public key (DemoModel/, rebuilt by scripts/build-demo-bundle.sh) and the
/// recorded telegrams (SelfTest/Recordings/, checked against the simulator by Edge.Gateway.Tests).
/// </summary>
public static class SelfTestData
{
    public const string DemoBundleResource = "DemoModel/demo.bundle";
    public const string DemoPublicKeyResource = "DemoModel/demo-signing.pub";
    public const string ExpectedReadingsResource = "SelfTest/Recordings/expected-readings.txt";

    public static byte[] DemoBundle() => Read(DemoBundleResource);

    public static string DemoPublicKeyPem() => Encoding.UTF8.GetString(Read(DemoPublicKeyResource));

    /// <summary>The recordings listed in expected-readings.txt: per line, a file name and the expected reading line.</summary>
    public static IReadOnlyList<TelegramRecording> Recordings() =>
        ParseExpectedReadings(Encoding.UTF8.GetString(Read(ExpectedReadingsResource)), name => Read($"SelfTest/Recordings/{name}"));

    /// <summary>Parses "FILE meter=... protocol=P ..." lines; blank lines and '#' comments are skipped.</summary>
    public static IReadOnlyList<TelegramRecording> ParseExpectedReadings(string text, Func<string, byte[]> readRecording)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(readRecording);
        var recordings = new List<TelegramRecording>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var protocolField = line.Split(' ').FirstOrDefault(f => f.StartsWith("protocol=", StringComparison.Ordinal));
            if (space <= 0 || protocolField is null || !Enum.TryParse<MeterProtocol>(protocolField["protocol=".Length..], out var protocol))
            {
                throw new FormatException($"{ExpectedReadingsResource}, line {lineNumber}: expected 'FILE meter=... protocol=NAME ...'");
            }

            var name = line[..space];
            recordings.Add(new TelegramRecording(Path.GetFileNameWithoutExtension(name), protocol, readRecording(name), line[(space + 1)..]));
        }

        return recordings;
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(SelfTestData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"resource {name} is not embedded in this build of edge");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
