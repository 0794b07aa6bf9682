using System.Globalization;

namespace Edge.Gateway.SelfTest;

/// <summary>
/// Compares two self-test outputs (e.g. linux-x64 and linux-arm64 under qemu) line by line. Comment lines ("# ...")
/// are skipped. Every other line must match field by field; the only allowed difference is between two numbers on
/// a line that states its own <c>tolerance=T</c> (ONNX Runtime scores), which may differ by at most T.
/// </summary>
public static class SelfTestComparison
{
    /// <summary>Every difference beyond tolerance, each naming the line; empty when the outputs agree.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<string> ours, IReadOnlyList<string> theirs)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        var a = Checks(ours);
        var b = Checks(theirs);
        var differences = new List<string>();
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (CompareLine(a[i], b[i]) is { } difference)
            {
                differences.Add($"check {i + 1} ({Label(a[i])}): {difference}");
            }
        }

        if (a.Count != b.Count)
        {
            differences.Add($"{a.Count} checks here, {b.Count} in the other output");
        }

        return differences;
    }

    private static List<string> Checks(IReadOnlyList<string> lines) =>
        lines.Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    private static string? CompareLine(string ours, string theirs)
    {
        if (ours == theirs)
        {
            return null;
        }

        var a = ours.Split(' ');
        var b = theirs.Split(' ');
        if (a.Length != b.Length || a[0] != b[0])
        {
            return $"'{ours}' vs '{theirs}'";
        }

        var tolerance = Tolerance(a);
        for (var i = 1; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }

            var (keyA, valueA) = Split(a[i]);
            var (keyB, valueB) = Split(b[i]);
            if (keyA != keyB || tolerance is null || !TryNumber(valueA, out var x) || !TryNumber(valueB, out var y))
            {
                return $"{a[i]} vs {b[i]}";
            }

            if (!(Math.Abs(x - y) <= tolerance))
            {
                return $"{keyA} {valueA} vs {valueB} differ by {Math.Abs(x - y).ToString("G3", CultureInfo.InvariantCulture)}, beyond tolerance {tolerance.Value.ToString(CultureInfo.InvariantCulture)}";
            }
        }

        return null;
    }

    private static double? Tolerance(string[] fields)
    {
        foreach (var field in fields)
        {
            var (key, value) = Split(field);
            if (key == "tolerance" && TryNumber(value, out var tolerance) && tolerance >= 0)
            {
                return tolerance;
            }
        }

        return null;
    }

    private static (string Key, string Value) Split(string field)
    {
        var equals = field.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (field, "") : (field[..equals], field[(equals + 1)..]);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Label(string line)
    {
        var fields = line.Split(' ');
        return fields.Length > 1 ? $"{fields[0]} {fields[1]}" : fields[0];
    }
}
