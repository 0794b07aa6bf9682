using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Edge.MeterAdapter.Tests.Transport;

/// <summary>
/// A terminal's settings as coreutils' <c>stty -F DEVICE -a</c> prints them: an oracle independent of our termios code
/// (its own struct, its own flag tables), reading what the kernel actually holds for the tty.
/// </summary>
internal sealed partial class SttySettings
{
    private readonly HashSet<string> _words;

    private SttySettings(int speed, HashSet<string> words, int min, int time)
    {
        Speed = speed;
        _words = words;
        Min = min;
        Time = time;
    }

    public int Speed { get; }

    /// <summary>VMIN ("min = N").</summary>
    public int Min { get; }

    /// <summary>VTIME ("time = N").</summary>
    public int Time { get; }

    /// <summary>Whether stty shows the flag set ("parodd") rather than cleared ("-parodd"). Throws if it shows neither.</summary>
    public bool Has(string flag) =>
        _words.Contains(flag) ? true
        : _words.Contains("-" + flag) ? false
        : throw new KeyNotFoundException($"stty printed neither '{flag}' nor '-{flag}'");

    public static SttySettings Of(string device)
    {
        var start = new ProcessStartInfo("stty", ["-F", device, "-a"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var stty = Process.Start(start) ?? throw new InvalidOperationException("stty did not start");
        string output = stty.StandardOutput.ReadToEnd();
        string error = stty.StandardError.ReadToEnd();
        stty.WaitForExit();
        if (stty.ExitCode != 0)
        {
            throw new InvalidOperationException($"stty -F {device} -a exited with {stty.ExitCode}: {error}");
        }

        int speed = int.Parse(SpeedPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        int min = int.Parse(MinPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        int time = int.Parse(TimePattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var words = output.Split([' ', '\n', ';'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new SttySettings(speed, words, min, time);
    }

    [GeneratedRegex(@"speed (\d+) baud")]
    private static partial Regex SpeedPattern();

    [GeneratedRegex(@"\bmin = (\d+)")]
    private static partial Regex MinPattern();

    [GeneratedRegex(@"\btime = (\d+)")]
    private static partial Regex TimePattern();
}
