using System.Buffers.Binary;
using System.Text;
using Edge.ModelContract.Bundles;
using Edge.ModelContract.Features;

namespace Edge.ModelContract.Tests.Bundles;

public sealed class ModelBundleTests : IDisposable
{
    private readonly BundleSigningKey _key = BundleSigningKey.Generate();
    private readonly BundlePublicKey _trusted;
    private readonly byte[] _model = Enumerable.Range(0, 1500).Select(i => (byte)((i * 37) + 11)).ToArray();

    public ModelBundleTests()
    {
        _trusted = BundlePublicKey.FromPem(_key.ExportPublicKeyPem(), "test key");
    }

    private static BundleManifest Manifest(long version = 3) => new()
    {
        ModelId = "gateway-theft",
        Version = version,
        CreatedUtc = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero),
        FeatureSpec = FeatureSpec.Seed(28),
        Threshold = 0.42f,
        TestMetrics = new Dictionary<string, double> { ["rocAuc"] = 0.91 },
        Model = new ModelDescription { Sha256 = "", Bytes = 0, Precision = "int8", InputName = "input", InputShape = [28, 1], OutputName = "score" },
        TestVectorsSha256 = "",
        MinimumRuntimeVersion = "0.1.0",
    };

    private static TestVectors Vectors() => new()
    {
        InputShape = [28, 1],
        Inputs = [Enumerable.Range(0, 28).Select(i => i / 28f).ToArray(), new float[28]],
        ExpectedScores = [0.9f, 0.1f],
    };

    private byte[] MakeBundle() => ModelBundle.Create(Manifest(), _model, Vectors(), _key);

    [Fact]
    public void Round_trip_gives_back_the_model_manifest_and_test_vectors()
    {
        var verified = ModelBundle.Verify(MakeBundle(), [_trusted]);
        Assert.Equal(_model, verified.Model);
        Assert.Equal("gateway-theft", verified.Manifest.ModelId);
        Assert.Equal(3, verified.Manifest.Version);
        Assert.Equal(0.42f, verified.Manifest.Threshold);
        Assert.Equal(FeatureSpec.Seed(28), verified.Manifest.FeatureSpec);
        Assert.Equal(_model.Length, verified.Manifest.Model.Bytes);
        Assert.Equal([0.9f, 0.1f], verified.TestVectors.ExpectedScores);
        Assert.Equal(_trusted.KeyIdHex, verified.SignerKeyId);
    }

    [Fact]
    public void Every_single_byte_change_anywhere_in_the_bundle_is_rejected()
    {
        var bundle = MakeBundle();
        var accepted = new List<string>();
        foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (var i = 0; i < bundle.Length; i++)
            {
                var mutated = (byte[])bundle.Clone();
                mutated[i] ^= mask;
                try
                {
                    ModelBundle.Verify(mutated, [_trusted]);
                    accepted.Add($"byte {i} ^ 0x{mask:X2}");
                }
                catch (BundleRejectedException)
                {
                }
            }
        }

        Assert.Empty(accepted);
    }

    [Fact]
    public void Every_truncation_and_any_appended_byte_is_rejected()
    {
        var bundle = MakeBundle();
        for (var length = 0; length < bundle.Length; length++)
        {
            Assert.Throws<BundleRejectedException>(() => ModelBundle.Verify(bundle.AsSpan(0, length), [_trusted]));
        }

        var error = Assert.Throws<BundleRejectedException>(() => ModelBundle.Verify([.. bundle, 0], [_trusted]));
        Assert.Equal(BundleRejection.TrailingData, error.Reason);
    }

    [Fact]
    public void A_bundle_signed_by_another_key_is_rejected_as_unknown()
    {
        using var other = BundleSigningKey.Generate();
        var bundle = ModelBundle.Create(Manifest(), _model, Vectors(), other);
        var error = Assert.Throws<BundleRejectedException>(() => ModelBundle.Verify(bundle, [_trusted]));
        Assert.Equal(BundleRejection.UnknownKey, error.Reason);
    }

    [Fact]
    public void A_valid_signature_from_another_key_under_a_trusted_key_id_is_rejected()
    {
        // An attacker copies the trusted key id into their signature block.
        using var attacker = BundleSigningKey.Generate();
        var bundle = ModelBundle.Create(Manifest(), _model, Vectors(), attacker);
        var entries = BundleContainer.Read(bundle);
        _key.KeyId.CopyTo(entries[BundleContainer.SignatureEntry], 0);
        var forged = BundleContainer.Write(entries);
        var error = Assert.Throws<BundleRejectedException>(() => ModelBundle.Verify(forged, [_trusted]));
        Assert.Equal(BundleRejection.BadSignature, error.Reason);
    }

    [Fact]
    public void A_replaced_model_with_the_original_signature_is_rejected()
    {
        var entries = BundleContainer.Read(MakeBundle());
        entries[BundleContainer.ModelEntry] = [.. _model.Reverse()];
        var error = Assert.Throws<BundleRejectedException>(() => ModelBundle.Verify(BundleContainer.Write(entries), [_trusted]));
        Assert.Equal(BundleRejection.ModelHashMismatch, error.Reason);
    }

    [Theory]
    [InlineData("../model.onnx")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    public void Entry_names_that_are_paths_are_rejected_with_a_clear_reason(string name)
    {
        var bundle = MakeBundle();
        // Rebuild the file by hand with the first entry renamed.
        var entries = BundleContainer.Read(bundle);
        using var output = new MemoryStream();
        output.Write(bundle.AsSpan(0, 12));
        output.WriteByte((byte)name.Length);
        output.Write(Encoding.ASCII.GetBytes(name));
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)entries[BundleContainer.ManifestEntry].Length);
        output.Write(length);
        output.Write(entries[BundleContainer.ManifestEntry]);
        var rest = 12 + 1 + BundleContainer.ManifestEntry.Length + 4 + entries[BundleContainer.ManifestEntry].Length;
        output.Write(bundle.AsSpan(rest));
        var error = Assert.Throws<BundleRejectedException>(() => ModelBundle.Verify(output.ToArray(), [_trusted]));
        Assert.Equal(BundleRejection.BadEntry, error.Reason);
        Assert.Contains("path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_files_are_created_owner_read_write_only_and_never_overwritten()
    {
        var directory = Directory.CreateTempSubdirectory("bundle-keys-").FullName;
        try
        {
            var path = Path.Combine(directory, "utility.key");
            _key.SavePrivateKeyPem(path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Throws<IOException>(() => _key.SavePrivateKeyPem(path));
            using var loaded = BundleSigningKey.LoadPrivateKeyPem(path);
            Assert.Equal(_key.KeyId, loaded.KeyId);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_public_key_file_that_is_not_a_key_names_its_source()
    {
        var error = Assert.Throws<FormatException>(() => BundlePublicKey.FromPem("hello", "/etc/edge/keys/utility.pub"));
        Assert.Contains("/etc/edge/keys/utility.pub", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _key.Dispose();
        _trusted.Dispose();
    }
}
