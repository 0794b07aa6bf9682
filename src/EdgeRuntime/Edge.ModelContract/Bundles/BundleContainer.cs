using System.Buffers.Binary;
using System.Text;

namespace Edge.ModelContract.Bundles;

/// <summary>
/// The byte layout of a bundle file (docs/bundle-format.md). Deliberately not tar or zip: four entries in a fixed
/// order, no paths, no padding, no metadata fields, so every byte of the file is either signed, pinned by a hash in
/// the signed manifest, or structural and checked exactly. A single changed byte anywhere is therefore rejected.
///
///   magic "EDGEBNDL" | u16 container version (1) | u16 entry count (4)
///   entries: u8 name length | ASCII name | u32 data length | data      (little-endian integers)
///   order: manifest.json, manifest.sig, model.onnx, test-vectors.json; nothing after the last entry.
/// </summary>
public static class BundleContainer
{
    public const string ManifestEntry = "manifest.json";
    public const string SignatureEntry = "manifest.sig";
    public const string ModelEntry = "model.onnx";
    public const string TestVectorsEntry = "test-vectors.json";

    /// <summary>Bundles larger than this are refused before parsing (a Pi has little memory to spare).</summary>
    public const int MaxBundleBytes = 64 << 20;

    public static readonly IReadOnlyList<string> EntryOrder = [ManifestEntry, SignatureEntry, ModelEntry, TestVectorsEntry];

    private const ushort ContainerVersion = 1;
    private static ReadOnlySpan<byte> Magic => "EDGEBNDL"u8;

    public static byte[] Write(IReadOnlyDictionary<string, byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var output = new MemoryStream();
        output.Write(Magic);
        Span<byte> scratch = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(scratch, ContainerVersion);
        output.Write(scratch[..2]);
        BinaryPrimitives.WriteUInt16LittleEndian(scratch, (ushort)EntryOrder.Count);
        output.Write(scratch[..2]);
        foreach (var name in EntryOrder)
        {
            var data = entries[name];
            output.WriteByte((byte)name.Length);
            output.Write(Encoding.ASCII.GetBytes(name));
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)data.Length);
            output.Write(scratch);
            output.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Splits a bundle into its entries, refusing anything that is not exactly the layout above.</summary>
    public static Dictionary<string, byte[]> Read(ReadOnlySpan<byte> bundle)
    {
        if (bundle.Length > MaxBundleBytes)
        {
            throw new BundleRejectedException(BundleRejection.TooLarge, $"bundle is {bundle.Length} bytes; the limit is {MaxBundleBytes}");
        }

        if (bundle.Length < Magic.Length + 4 || !bundle.StartsWith(Magic))
        {
            throw new BundleRejectedException(BundleRejection.NotABundle, "not a model bundle (the file does not start with EDGEBNDL)");
        }

        var position = Magic.Length;
        var version = BinaryPrimitives.ReadUInt16LittleEndian(bundle[position..]);
        if (version != ContainerVersion)
        {
            throw new BundleRejectedException(BundleRejection.UnsupportedFormat, $"bundle container version {version} is not supported (expected {ContainerVersion})");
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(bundle[(position + 2)..]);
        if (count != EntryOrder.Count)
        {
            throw new BundleRejectedException(BundleRejection.BadEntry, $"bundle has {count} entries; expected {EntryOrder.Count}");
        }

        position += 4;
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var expected in EntryOrder)
        {
            var name = ReadName(bundle, ref position, expected);
            if (entries.ContainsKey(name))
            {
                throw new BundleRejectedException(BundleRejection.DuplicateEntry, $"entry '{name}' appears twice");
            }

            if (position + 4 > bundle.Length)
            {
                throw new BundleRejectedException(BundleRejection.Truncated, $"bundle ends inside the header of entry '{name}'");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bundle[position..]);
            position += 4;
            if (length > (uint)(bundle.Length - position))
            {
                throw new BundleRejectedException(BundleRejection.Truncated, $"entry '{name}' claims {length} bytes but only {bundle.Length - position} remain");
            }

            entries[name] = bundle.Slice(position, (int)length).ToArray();
            position += (int)length;
        }

        if (position != bundle.Length)
        {
            throw new BundleRejectedException(BundleRejection.TrailingData, $"{bundle.Length - position} unexpected bytes after the last entry");
        }

        return entries;
    }

    private static string ReadName(ReadOnlySpan<byte> bundle, ref int position, string expected)
    {
        if (position >= bundle.Length)
        {
            throw new BundleRejectedException(BundleRejection.Truncated, $"bundle ends before entry '{expected}'");
        }

        int length = bundle[position++];
        if (position + length > bundle.Length)
        {
            throw new BundleRejectedException(BundleRejection.Truncated, $"bundle ends inside the name of entry '{expected}'");
        }

        var raw = bundle.Slice(position, length);
        position += length;
        var name = Encoding.ASCII.GetString(raw);
        foreach (var b in raw)
        {
            if (b is < 0x20 or > 0x7E)
            {
                throw new BundleRejectedException(BundleRejection.BadEntry, $"entry name contains byte 0x{b:X2}; names are printable ASCII");
            }
        }

        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            throw new BundleRejectedException(BundleRejection.BadEntry, $"entry name '{name}' is a path; bundle entries are plain names, never paths");
        }

        if (name != expected)
        {
            throw new BundleRejectedException(BundleRejection.BadEntry, $"entry '{name}' found where '{expected}' belongs (order: {string.Join(", ", EntryOrder)})");
        }

        return name;
    }
}
