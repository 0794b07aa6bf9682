using System.Globalization;
using System.Text;

namespace Edge.Runtime.Health;

/// <summary>
/// Writes the Prometheus text exposition format, version 0.0.4: for each metric family one "# HELP" and one "# TYPE"
/// line, then its samples <c>name{label="value",...} value</c>, one per line, each line ending in '\n'.
/// Names and label names are checked against the format's grammar so a typo fails in tests, not in a scraper.
/// </summary>
public sealed class PrometheusTextWriter(TextWriter output)
{
    /// <summary>The Content-Type a scraper expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Starts a metric family. <paramref name="type"/> is counter, gauge, histogram, summary or untyped.</summary>
    public void Family(string name, string type, string help)
    {
        CheckMetricName(name);
        if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
        {
            throw new ArgumentException($"Metric type '{type}' of {name} is not one of counter, gauge, histogram, summary, untyped.", nameof(type));
        }

        // HELP text escapes only backslash and line feed; label values additionally escape the double quote.
        output.Write("# HELP ");
        output.Write(name);
        output.Write(' ');
        output.Write(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        output.Write('\n');
        output.Write("# TYPE ");
        output.Write(name);
        output.Write(' ');
        output.Write(type);
        output.Write('\n');
    }

    public void Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        CheckMetricName(name);
        output.Write(name);
        if (labels.Length > 0)
        {
            output.Write('{');
            for (int i = 0; i < labels.Length; i++)
            {
                CheckLabelName(labels[i].Name);
                if (i > 0)
                {
                    output.Write(',');
                }

                output.Write(labels[i].Name);
                output.Write("=\"");
                output.Write(EscapeLabelValue(labels[i].Value));
                output.Write('"');
            }

            output.Write('}');
        }

        output.Write(' ');
        output.Write(FormatValue(value));
        output.Write('\n');
    }

    /// <summary>A sample value as the format spells it: Go ParseFloat syntax, with +Inf, -Inf and NaN.</summary>
    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    // Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*; label names: [a-zA-Z_][a-zA-Z0-9_]*, "__" prefix reserved.
    private static void CheckMetricName(string name)
    {
        if (!IsName(name, allowColon: true))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).", nameof(name));
        }
    }

    private static void CheckLabelName(string name)
    {
        if (!IsName(name, allowColon: false) || name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __).", nameof(name));
        }
    }

    private static bool IsName(string name, bool allowColon)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':')))
            {
                return false;
            }
        }

        return true;
    }
}
