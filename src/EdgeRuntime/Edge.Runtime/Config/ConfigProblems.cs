using System.Globalization;

namespace Edge.Runtime.Config;

/// <summary>
/// Collects every problem found while validating a configuration, so the technician sees them all at once instead of
/// fixing one per restart. Paths are written in the file's own terms: "meters[2].baudRate".
/// </summary>
public sealed class ConfigProblems
{
    private readonly List<ConfigProblem> _items = [];

    public IReadOnlyList<ConfigProblem> Items => _items;

    public bool Any => _items.Count > 0;

    public void Add(string path, string message) => _items.Add(new ConfigProblem(path, message));

    /// <summary>Adds <paramref name="message"/> at <paramref name="path"/> unless <paramref name="ok"/>.</summary>
    public void Check(bool ok, string path, string message)
    {
        if (!ok)
        {
            Add(path, message);
        }
    }

    public void Required(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, "is required");
        }
    }

    public void InRange(long value, long min, long max, string path, string unit = "")
    {
        if (value < min || value > max)
        {
            var suffix = unit.Length == 0 ? string.Empty : " " + unit;
            Add(path, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range ({min} to {max}{suffix})"));
        }
    }

    public void Positive(double value, string path)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            Add(path, string.Create(CultureInfo.InvariantCulture, $"{value} must be a positive number"));
        }
    }

    /// <summary>Path of a child key: Key("meters[2]", "baudRate") is "meters[2].baudRate"; the root path is "".</summary>
    public static string Key(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    public static string Item(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");
}
