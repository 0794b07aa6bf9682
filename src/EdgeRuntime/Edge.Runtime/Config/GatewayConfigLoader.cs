using System.Globalization;
using System.Text.Json;
using Edge.MeterAdapter.Modbus;

namespace Edge.Runtime.Config;

/// <summary>
/// Reads and validates the config file before the gateway starts. Every problem is reported as
/// "file:line: key.path: what is wrong"; nothing is started from a file with any problem.
/// </summary>
public static class GatewayConfigLoader
{
    /// <summary>Loads <paramref name="path"/>; relative paths inside resolve against its directory.</summary>
    /// <exception cref="ConfigException">The file is missing, is not JSON, has unknown keys or bad values.</exception>
    public static GatewayConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}", e);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Parse(bytes, path, directory);
    }

    /// <summary>Parses and validates a config document; <paramref name="source"/> names it in messages.</summary>
    public static GatewayConfig Parse(ReadOnlySpan<byte> utf8, string source, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        GatewayConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(utf8, GatewayConfigJson.Default.GatewayConfig);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? l + 1 : (long?)null;
            var message = Located(source, line, KeyPath(e.Path), Explain(e));
            throw new ConfigException(message, e) { Lines = [message] };
        }

        if (config is null)
        {
            throw new ConfigException($"{source}: the config file must hold a JSON object, not null");
        }

        config = config with { BaseDirectory = baseDirectory };
        var problems = new ConfigProblems();
        config.Validate(problems);
        if (problems.Any)
        {
            var lines = JsonLineMap.Build(utf8);
            var messages = problems.Items.Select(p => Located(source, lines.LineOf(p.Path), p.Path, p.Message)).ToList();
            throw new ConfigException(string.Join(Environment.NewLine, messages)) { Lines = messages };
        }

        return config;
    }

    private static string Located(string source, long? line, string path, string message)
    {
        var where = line is { } l ? string.Create(CultureInfo.InvariantCulture, $"{source}:{l}") : source;
        return path.Length == 0 ? $"{where}: {message}" : $"{where}: {path}: {message}";
    }

    /// <summary>"$.meters[2].baudRate" as the file's key path "meters[2].baudRate".</summary>
    private static string KeyPath(string? jsonPath) => jsonPath switch
    {
        null or "$" => string.Empty,
        _ when jsonPath.StartsWith("$.", StringComparison.Ordinal) => jsonPath[2..],
        _ => jsonPath.TrimStart('$'),
    };

    /// <summary>The serializer's reason in the file's terms, without .NET type names or the position it already gave.</summary>
    private static string Explain(JsonException e)
    {
        var text = e.Message;
        var cut = text.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        if (text.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return $"unknown key '{Quoted(text)}'";
        }

        if (text.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return "has the wrong type: expected " + Expected(text);
        }

        return text;
    }

    private static string Quoted(string text)
    {
        var start = text.IndexOf('\'', StringComparison.Ordinal) + 1;
        var end = text.IndexOf('\'', start);
        return start > 0 && end > start ? text[start..end] : text;
    }

    private static string Expected(string text)
    {
        static string Names<T>()
            where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]));

        return text switch
        {
            _ when text.Contains(nameof(MeterProtocolName), StringComparison.Ordinal) => "one of " + Names<MeterProtocolName>(),
            _ when text.Contains(nameof(EastronModel), StringComparison.Ordinal) => "one of " + Names<EastronModel>(),
            _ when text.Contains(nameof(ApiRole), StringComparison.Ordinal) => "one of " + Names<ApiRole>(),
            _ when text.Contains("System.Int", StringComparison.Ordinal) => "a whole number",
            _ when text.Contains("System.Double", StringComparison.Ordinal) => "a number",
            _ when text.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
            _ when text.Contains("System.String", StringComparison.Ordinal) => "a string",
            _ when text.Contains("IReadOnlyList", StringComparison.Ordinal) => "a list [ ... ]",
            _ => "an object { ... }",
        };
    }
}
