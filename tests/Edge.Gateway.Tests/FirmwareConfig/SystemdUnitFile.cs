namespace Edge.Gateway.Tests.FirmwareConfig;

/// <summary>
/// A systemd unit file read the way systemd.syntax(7) describes it: [Section] headers, Key=Value lines, '#' and ';'
/// comments, a trailing backslash continuing a line. Keys may repeat (DeviceAllow=), so each keeps all its values.
/// </summary>
internal sealed class SystemdUnitFile
{
    private readonly Dictionary<string, Dictionary<string, List<string>>> _sections = new(StringComparer.Ordinal);

    public static SystemdUnitFile Parse(string text)
    {
        var unit = new SystemdUnitFile();
        Dictionary<string, List<string>>? section = null;
        var lines = text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                Assert.True(line[^1] == ']', $"line {i + 1}: section header '{line}' is not closed");
                section = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                Assert.True(unit._sections.TryAdd(line[1..^1], section), $"line {i + 1}: section {line} appears twice");
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"line {i + 1}: '{line}' is neither a section, a comment nor Key=Value");
            Assert.True(section is not null, $"line {i + 1}: '{line}' comes before any section");
            var key = line[..equals].Trim();
            Assert.Matches("^[A-Za-z][A-Za-z0-9]*$", key);
            if (!section.TryGetValue(key, out var values))
            {
                section[key] = values = [];
            }

            values.Add(line[(equals + 1)..].Trim());
        }

        return unit;
    }

    public IReadOnlyCollection<string> Sections => _sections.Keys;

    /// <summary>All values of a key, in file order; empty when absent.</summary>
    public IReadOnlyList<string> Values(string section, string key) =>
        _sections.TryGetValue(section, out var keys) && keys.TryGetValue(key, out var values) ? values : [];

    /// <summary>The single value of a key; fails the test when it is absent or repeated.</summary>
    public string Value(string section, string key)
    {
        var values = Values(section, key);
        Assert.True(values.Count == 1, $"[{section}] {key}= appears {values.Count} times; expected once");
        return values[0];
    }
}
