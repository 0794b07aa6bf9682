using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Edge.Engine.Layers;
using Edge.Engine.Tensors;

namespace Edge.Engine.Models.Checkpoints;

/// <summary>
/// Saves and loads a built <see cref="Sequential"/>'s weights in the format described in docs/engine.md:
/// "EDGECKPT", uint32 version, uint32 header length, UTF-8 JSON header (architecture and parameter shapes),
/// float32 little-endian data for every parameter in header order, then the SHA-256 of everything before it.
/// Loading checks the checksum, then that the architecture (types, configurations, shapes) matches the model;
/// layer names are recorded but not compared, since Keras-style auto names depend on construction order.
/// </summary>
public static class Checkpoint
{
    public const int FormatVersion = 1;
    private const int HashLength = 32;
    private static readonly byte[] s_magic = "EDGECKPT"u8.ToArray();

    /// <summary>Fault injection for tests: runs after the temporary file is durable and before it replaces the target.</summary>
    [ThreadStatic]
    internal static Action<string>? BeforeReplace;

    /// <summary>Writes the checkpoint atomically: a temporary file in the same directory, flushed to disk, then renamed.</summary>
    public static void Save(Sequential model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!model.IsBuilt)
        {
            throw new InvalidOperationException($"Model '{model.Name}' must be built before it can be saved to '{path}'.");
        }

        var bytes = Serialize(model);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            BeforeReplace?.Invoke(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Loads weights saved by <see cref="Save"/> into a built model of the same architecture.</summary>
    public static void Load(Sequential model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!model.IsBuilt)
        {
            throw new InvalidOperationException($"Model '{model.Name}' must be built (same layers and input shape) before loading '{path}'.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new CheckpointException(path, "file not found");
        }

        Deserialize(model, bytes, path);
    }

    internal static byte[] Serialize(Sequential model)
    {
        var header = new CheckpointHeader(
            model.KerasTypeName,
            model.Name,
            model.InputShape.Dimensions.ToArray(),
            model.Layers.Select(Describe).ToList());
        var json = JsonSerializer.SerializeToUtf8Bytes(header, CheckpointJsonContext.Default.CheckpointHeader);
        var dataLength = model.Parameters.Sum(p => (long)p.Value.Length * sizeof(float));
        var total = checked((int)(s_magic.Length + 8 + json.Length + dataLength + HashLength));
        var bytes = new byte[total];
        var span = bytes.AsSpan();
        s_magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)json.Length);
        json.CopyTo(span[16..]);
        var offset = 16 + json.Length;
        foreach (var p in model.Parameters)
        {
            foreach (var v in p.Value.ReadOnlySpan)
            {
                BinaryPrimitives.WriteSingleLittleEndian(span[offset..], v);
                offset += sizeof(float);
            }
        }

        SHA256.HashData(span[..offset], span[offset..]);
        return bytes;
    }

    private static CheckpointLayer Describe(Layer layer) => new(
        layer.KerasTypeName,
        layer.Name,
        new Dictionary<string, string>(layer.Config),
        layer.OutputShape.Dimensions.ToArray(),
        layer.Parameters.Select(p => new CheckpointParameter(p.Name, p.Value.Shape.Dimensions.ToArray(), p.Trainable)).ToList());

    internal static void Deserialize(Sequential model, ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 16 + HashLength || !bytes[..8].SequenceEqual(s_magic))
        {
            throw new CheckpointException(path, "not an engine checkpoint (the file does not start with EDGECKPT)");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (version != FormatVersion)
        {
            throw new CheckpointException(path, $"format version {version} is not supported (this engine reads version {FormatVersion})");
        }

        var body = bytes[..^HashLength];
        Span<byte> hash = stackalloc byte[HashLength];
        SHA256.HashData(body, hash);
        if (!hash.SequenceEqual(bytes[^HashLength..]))
        {
            throw new CheckpointException(path, "checksum mismatch: the file is truncated or corrupted");
        }

        var jsonLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]);
        if (jsonLength > (uint)(body.Length - 16))
        {
            throw new CheckpointException(path, $"header length {jsonLength} runs past the end of the file");
        }

        CheckpointHeader header;
        try
        {
            header = JsonSerializer.Deserialize(body.Slice(16, (int)jsonLength), CheckpointJsonContext.Default.CheckpointHeader)
                ?? throw new CheckpointException(path, "empty header");
        }
        catch (JsonException ex)
        {
            throw new CheckpointException(path, $"header is not valid JSON ({ex.Message})");
        }

        CheckArchitecture(model, header, path);
        var data = body[(16 + (int)jsonLength)..];
        var expected = model.Parameters.Sum(p => (long)p.Value.Length * sizeof(float));
        if (data.Length != expected)
        {
            throw new CheckpointException(path, $"{data.Length} bytes of weights where the architecture needs {expected}");
        }

        var offset = 0;
        foreach (var p in model.Parameters)
        {
            var values = p.Value.Span;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[offset..]);
                offset += sizeof(float);
            }
        }
    }

    private static void CheckArchitecture(Sequential model, CheckpointHeader header, string path)
    {
        var inputShape = new Shape(header.InputShape);
        if (!inputShape.Equals(model.InputShape))
        {
            throw new CheckpointException(path, $"input shape {inputShape} in the file, {model.InputShape} in the model");
        }

        if (header.Layers.Count != model.Layers.Count)
        {
            throw new CheckpointException(path, $"{header.Layers.Count} layers in the file, {model.Layers.Count} in the model");
        }

        for (var i = 0; i < header.Layers.Count; i++)
        {
            var saved = header.Layers[i];
            var layer = model.Layers[i];
            var where = $"layer {i + 1} ('{layer.Name}' in the model, '{saved.Name}' in the file)";
            if (saved.Type != layer.KerasTypeName)
            {
                throw new CheckpointException(path, $"{where} is {saved.Type} in the file but {layer.KerasTypeName} in the model");
            }

            foreach (var (key, value) in layer.Config)
            {
                if (!saved.Config.TryGetValue(key, out var savedValue) || savedValue != value)
                {
                    throw new CheckpointException(path, $"{where}: {key} is {savedValue ?? "missing"} in the file but {value} in the model");
                }
            }

            var parameters = layer.Parameters;
            if (saved.Parameters.Count != parameters.Count)
            {
                throw new CheckpointException(path, $"{where} has {saved.Parameters.Count} weights in the file, {parameters.Count} in the model");
            }

            for (var j = 0; j < parameters.Count; j++)
            {
                var shape = new Shape(saved.Parameters[j].Shape);
                if (saved.Parameters[j].Name != parameters[j].Name || !shape.Equals(parameters[j].Value.Shape))
                {
                    throw new CheckpointException(path,
                        $"{where}, weight {j + 1}: {saved.Parameters[j].Name}{shape} in the file, {parameters[j].Name}{parameters[j].Value.Shape} in the model");
                }
            }
        }
    }
}
