using System.Text.Json;

namespace Edge.Runtime.Config;

/// <summary>
/// The line (1-based) on which each key path of a JSON document starts, so a validation problem found after parsing
/// ("meters[2].baudRate") can still point at its line in the file.
/// </summary>
internal sealed class JsonLineMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private JsonLineMap()
    {
    }

    /// <summary>Maps a document that is syntactically valid JSON (with comments and trailing commas allowed).</summary>
    public static JsonLineMap Build(ReadOnlySpan<byte> utf8)
    {
        var map = new JsonLineMap();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var containers = new Stack<(string Path, bool IsArray, int NextIndex)>();
        string? pendingKey = null;
        var line = 1;
        var counted = 0;
        while (reader.Read())
        {
            var start = (int)reader.TokenStartIndex;
            line += utf8[counted..start].Count((byte)'\n');
            counted = start;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var parent = containers.Count > 0 ? containers.Peek().Path : string.Empty;
                    pendingKey = ConfigProblems.Key(parent, reader.GetString()!);
                    map._lines.TryAdd(pendingKey, line);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var path = ValuePath(containers, ref pendingKey, map, line);
                    containers.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.Pop();
                    break;
                default:
                    ValuePath(containers, ref pendingKey, map, line);
                    break;
            }
        }

        return map;
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest ancestor present in the file (for a missing key); null if none.</summary>
    public int? LineOf(string path)
    {
        var probe = path;
        while (probe.Length > 0)
        {
            if (_lines.TryGetValue(probe, out var line))
            {
                return line;
            }

            var cut = Math.Max(probe.LastIndexOf('.'), probe.LastIndexOf('['));
            probe = cut > 0 ? probe[..cut] : string.Empty;
        }

        return null;
    }

    private static string ValuePath(Stack<(string Path, bool IsArray, int NextIndex)> containers, ref string? pendingKey, JsonLineMap map, int line)
    {
        if (containers.Count > 0 && containers.Peek().IsArray)
        {
            var (path, isArray, index) = containers.Pop();
            containers.Push((path, isArray, index + 1));
            var item = ConfigProblems.Item(path, index);
            map._lines.TryAdd(item, line);
            return item;
        }

        var key = pendingKey ?? string.Empty;
        pendingKey = null;
        return key;
    }
}
