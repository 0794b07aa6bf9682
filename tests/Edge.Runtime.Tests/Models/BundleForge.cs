using System.Buffers.Binary;
using System.Text;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.Features;
using Edge.Runtime.Tests.Support;
using Edge.Trainer.Export;

namespace Edge.Runtime.Tests.Models;

/// <summary>Hostile and broken bundles for the security tests, each made from a real signed one.</summary>
public static class BundleForge
{
    /// <summary>Re-signs <paramref name="bundle"/> after changing its manifest or model (a validly signed bundle with other contents).</summary>
    public static byte[] Resign(byte[] bundle, BundleSigningKey key, Func<BundleManifest, BundleManifest>? manifest = null, byte[]? model = null)
    {
        var entries = BundleContainer.Read(bundle);
        var original = ModelBundle.ReadManifestUnverified(bundle);
        var vectors = TestVectors.FromUtf8Json(entries[BundleContainer.TestVectorsEntry]);
        return ModelBundle.Create((manifest ?? (m => m))(original), model ?? entries[BundleContainer.ModelEntry], vectors, key);
    }

    /// <summary>Replaces one entry's bytes and keeps everything else, signature included.</summary>
    public static byte[] ReplaceEntry(byte[] bundle, string entry, Func<byte[], byte[]> change)
    {
        var entries = BundleContainer.Read(bundle);
        entries[entry] = change(entries[entry]);
        return BundleContainer.Write(entries);
    }

    /// <summary>A copy with the byte at <paramref name="index"/> inverted.</summary>
    public static byte[] Flip(byte[] data, int index)
    {
        var copy = (byte[])data.Clone();
        copy[index] ^= 0xFF;
        return copy;
    }

    /// <summary>
    /// The container layout written by hand (docs/bundle-format.md) with <paramref name="names"/> as the entry
    /// names: the nearest thing this format has to an archive entry with a path.
    /// </summary>
    public static byte[] WithEntryNames(byte[] bundle, params string[] names)
    {
        var entries = BundleContainer.Read(bundle);
        using var output = new MemoryStream();
        output.Write("EDGEBNDL"u8);
        Span<byte> scratch = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(scratch, 1);
        output.Write(scratch[..2]);
        BinaryPrimitives.WriteUInt16LittleEndian(scratch, 4);
        output.Write(scratch[..2]);
        for (var i = 0; i < BundleContainer.EntryOrder.Count; i++)
        {
            var data = entries[BundleContainer.EntryOrder[i]];
            var name = Encoding.ASCII.GetBytes(names[i]);
            output.WriteByte((byte)name.Length);
            output.Write(name);
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)data.Length);
            output.Write(scratch);
            output.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>
    /// A correctly signed bundle whose model scores NaN: the gateway network with a NaN output bias (sigmoid(NaN) is
    /// NaN), exported by the Trainer, shipped with the test vectors of the healthy network.
    /// </summary>
    public static byte[] NanModel(BundleSigningKey key, long version)
    {
        var made = TestBundles.Gateway(key, version);
        var weights = made.Network.GetWeights();
        weights[^1] = [.. weights[^1].Select(_ => float.NaN)];
        made.Network.SetWeights(weights);
        return Resign(made.Bytes, key, model: OnnxExporter.ExportBytes(made.Network));
    }

    /// <summary>A validly signed bundle whose feature spec asks for a window its model's input does not hold.</summary>
    public static byte[] WindowMismatch(BundleSigningKey key, long version, int windowDays) =>
        Resign(TestBundles.Gateway(key, version).Bytes, key, m => m with { FeatureSpec = m.FeatureSpec with { WindowDays = windowDays } });

    public static FeatureSpec SpecOf(byte[] bundle) => ModelBundle.ReadManifestUnverified(bundle).FeatureSpec;
}
