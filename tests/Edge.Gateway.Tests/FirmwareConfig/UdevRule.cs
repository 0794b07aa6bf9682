using System.Text.RegularExpressions;

namespace Edge.Gateway.Tests.FirmwareConfig;

/// <summary>
/// One udev rule (udev(7) "Rules files"): comma-separated KEY[{attribute}] OPERATOR "value" pairs on one line.
/// Match operators are == and !=; assignment operators are =, +=, -= and :=.
/// </summary>
internal sealed partial record UdevRule(int Line, IReadOnlyList<UdevRule.Pair> Pairs)
{
    public sealed record Pair(string Key, string? Attribute, string Operator, string Value)
    {
        public bool IsMatch => Operator is "==" or "!=";
    }

    public static IReadOnlyList<UdevRule> ParseFile(string text)
    {
        var rules = new List<UdevRule>();
        var lines = text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var pairs = new List<Pair>();
            var rest = line;
            while (rest.Length > 0)
            {
                var match = PairPattern().Match(rest);
                Assert.True(match.Success, $"line {i + 1}: cannot parse '{rest}' as KEY OP \"value\"");
                var attribute = match.Groups["attr"].Success ? match.Groups["attr"].Value : null;
                pairs.Add(new Pair(match.Groups["key"].Value, attribute, match.Groups["op"].Value, match.Groups["value"].Value));
                rest = rest[match.Length..];
            }

            rules.Add(new UdevRule(i + 1, pairs));
        }

        return rules;
    }

    public IEnumerable<string> Values(string key) => Pairs.Where(p => p.Key == key).Select(p => p.Value);

    [GeneratedRegex("""^\s*(?<key>[A-Z_]+)(\{(?<attr>[^}]+)\})?\s*(?<op>==|!=|\+=|-=|:=|=)\s*"(?<value>[^"]*)"\s*(,|$)""")]
    private static partial Regex PairPattern();
}
