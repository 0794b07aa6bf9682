using System.Globalization;

namespace Edge.Gateway.Tests.Api;

/// <summary>One sample of the Prometheus text format: name, labels in written order, value.</summary>
internal sealed record PromSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
{
    public string? Label(string name) => Labels.FirstOrDefault(l => l.Key == name).Value;
}

/// <summary>
/// A small parser written from the text exposition format 0.0.4 description, independent of the writer: it checks
/// that every line is a HELP, a TYPE or a sample <c>name{labels} value</c>; that names match
/// [a-zA-Z_:][a-zA-Z0-9_:]* and label names [a-zA-Z_][a-zA-Z0-9_]*; that a family's HELP and TYPE come before its
/// samples and appear once; that histogram samples belong to a family declared as histogram; that the text ends in
/// a line feed. Throws FormatException naming the line.
/// </summary>
internal static class PrometheusTextParser
{
    public static (IReadOnlyList<PromSample> Samples, IReadOnlyDictionary<string, string> Types) Parse(string text)
    {
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("the exposition does not end with a line feed");
        }

        var samples = new List<PromSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var seenSamplesOf = new HashSet<string>(StringComparer.Ordinal);
        var lines = text[..^1].Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            string Where() => $"line {n + 1} '{line}'";
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 2);
                if (parts.Length != 2 || !IsMetricName(parts[0]))
                {
                    throw new FormatException($"{Where()}: bad HELP/TYPE line");
                }

                if (seenSamplesOf.Contains(parts[0]))
                {
                    throw new FormatException($"{Where()}: HELP/TYPE after samples of {parts[0]}");
                }

                if (line[2] == 'H' && !helps.Add(parts[0]))
                {
                    throw new FormatException($"{Where()}: second HELP for {parts[0]}");
                }

                if (line[2] == 'T')
                {
                    if (parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped") || !types.TryAdd(parts[0], parts[1]))
                    {
                        throw new FormatException($"{Where()}: bad or repeated TYPE");
                    }
                }

                continue;
            }

            if (line.Length == 0 || line[0] == '#')
            {
                throw new FormatException($"{Where()}: empty or comment line where a sample was expected");
            }

            int i = 0;
            while (i < line.Length && line[i] is not ('{' or ' '))
            {
                i++;
            }

            var name = line[..i];
            if (!IsMetricName(name))
            {
                throw new FormatException($"{Where()}: metric name does not match [a-zA-Z_:][a-zA-Z0-9_:]*");
            }

            var labels = new List<KeyValuePair<string, string>>();
            if (i < line.Length && line[i] == '{')
            {
                i++;
                while (line[i] != '}')
                {
                    int start = i;
                    while (line[i] != '=')
                    {
                        i++;
                    }

                    var label = line[start..i];
                    if (!IsLabelName(label) || line[i + 1] != '"')
                    {
                        throw new FormatException($"{Where()}: bad label name '{label}'");
                    }

                    i += 2;
                    var value = new System.Text.StringBuilder();
                    while (line[i] != '"')
                    {
                        if (line[i] == '\\')
                        {
                            i++;
                            value.Append(line[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"{Where()}: bad escape") });
                        }
                        else
                        {
                            value.Append(line[i]);
                        }

                        i++;
                    }

                    labels.Add(new(label, value.ToString()));
                    i++;
                    if (line[i] == ',')
                    {
                        i++;
                    }
                }

                i++;
            }

            if (i >= line.Length || line[i] != ' ')
            {
                throw new FormatException($"{Where()}: no space before the value");
            }

            var valueText = line[(i + 1)..];
            double v = valueText switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new FormatException($"{Where()}: value '{valueText}' is not a number"),
            };

            var family = FamilyOf(name, types);
            if (family is null)
            {
                throw new FormatException($"{Where()}: sample before any TYPE of its family");
            }

            seenSamplesOf.Add(family);
            samples.Add(new PromSample(name, labels, v));
        }

        return (samples, types);
    }

    private static string? FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var type) && type is "histogram" or "summary")
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    private static bool IsMetricName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] is '_' or ':') && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    private static bool IsLabelName(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
