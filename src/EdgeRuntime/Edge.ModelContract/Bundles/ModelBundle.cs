using System.Security.Cryptography;
using System.Text.Json;
using Edge.ModelContract.Features;

namespace Edge.ModelContract.Bundles;

/// <summary>A bundle whose signature, hashes and structure have all been checked.</summary>
public sealed record VerifiedBundle(BundleManifest Manifest, byte[] Model, TestVectors TestVectors, string SignerKeyId);

/// <summary>
/// Makes and checks model bundles: the one implementation of the format, used by the Trainer to write and by the
/// gateway to verify. Verification order: structure, signer, signature over the manifest bytes, manifest contents,
/// then the hashes the manifest pins. Nothing from a bundle is trusted before its signature checks out.
/// </summary>
public static class ModelBundle
{
    private const int KeyIdBytes = 32;
    private const int SignatureBytes = 64;

    /// <summary>
    /// Fills in the manifest's hashes and sizes from <paramref name="model"/> and <paramref name="testVectors"/>,
    /// signs the manifest and returns the bundle's bytes.
    /// </summary>
    public static byte[] Create(BundleManifest manifest, byte[] model, TestVectors testVectors, BundleSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(testVectors);
        ArgumentNullException.ThrowIfNull(key);
        var vectorBytes = testVectors.ToUtf8Json();
        var complete = manifest with
        {
            Model = manifest.Model with { Sha256 = Sha256Hex(model), Bytes = model.LongLength },
            TestVectorsSha256 = Sha256Hex(vectorBytes),
        };
        CheckManifest(complete);
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(complete, BundleJsonContext.Default.BundleManifest);
        var signature = new byte[KeyIdBytes + SignatureBytes];
        key.KeyId.CopyTo(signature, 0);
        key.Sign(manifestBytes).CopyTo(signature, KeyIdBytes);
        return BundleContainer.Write(new Dictionary<string, byte[]>
        {
            [BundleContainer.ManifestEntry] = manifestBytes,
            [BundleContainer.SignatureEntry] = signature,
            [BundleContainer.ModelEntry] = model,
            [BundleContainer.TestVectorsEntry] = vectorBytes,
        });
    }

    /// <summary>Checks everything that can be checked without running the model; throws <see cref="BundleRejectedException"/>.</summary>
    public static VerifiedBundle Verify(ReadOnlySpan<byte> bundle, IReadOnlyCollection<BundlePublicKey> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        var entries = BundleContainer.Read(bundle);
        var manifestBytes = entries[BundleContainer.ManifestEntry];
        var signature = entries[BundleContainer.SignatureEntry];
        if (signature.Length != KeyIdBytes + SignatureBytes)
        {
            throw new BundleRejectedException(BundleRejection.BadSignature, $"signature entry is {signature.Length} bytes; expected {KeyIdBytes + SignatureBytes} (key id and P-256 signature)");
        }

        var keyId = signature[..KeyIdBytes];
        var signer = trustedKeys.FirstOrDefault(k => k.KeyId.AsSpan().SequenceEqual(keyId))
            ?? throw new BundleRejectedException(BundleRejection.UnknownKey, $"signed by key {Convert.ToHexStringLower(keyId)}, which this gateway does not trust");
        if (!signer.Verify(manifestBytes, signature.AsSpan(KeyIdBytes)))
        {
            throw new BundleRejectedException(BundleRejection.BadSignature, $"the manifest signature does not verify with key {signer.KeyIdHex}");
        }

        var manifest = ParseManifest(manifestBytes);
        var model = entries[BundleContainer.ModelEntry];
        if (model.LongLength != manifest.Model.Bytes || Sha256Hex(model) != manifest.Model.Sha256)
        {
            throw new BundleRejectedException(BundleRejection.ModelHashMismatch, "model.onnx does not match the SHA-256 and size pinned in the signed manifest");
        }

        var vectorBytes = entries[BundleContainer.TestVectorsEntry];
        if (Sha256Hex(vectorBytes) != manifest.TestVectorsSha256)
        {
            throw new BundleRejectedException(BundleRejection.TestVectorsHashMismatch, "test-vectors.json does not match the SHA-256 pinned in the signed manifest");
        }

        var vectors = TestVectors.FromUtf8Json(vectorBytes);
        if (!vectors.InputShape.SequenceEqual(manifest.Model.InputShape))
        {
            throw new BundleRejectedException(BundleRejection.BadTestVectors, $"test vectors have input shape [{string.Join(", ", vectors.InputShape)}] but the model's is [{string.Join(", ", manifest.Model.InputShape)}]");
        }

        return new VerifiedBundle(manifest, model, vectors, signer.KeyIdHex);
    }

    /// <summary>Reads the manifest without verifying anything: for display only (e.g. `trainer bundle --show`).</summary>
    public static BundleManifest ReadManifestUnverified(ReadOnlySpan<byte> bundle) =>
        ParseManifest(BundleContainer.Read(bundle)[BundleContainer.ManifestEntry]);

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static BundleManifest ParseManifest(byte[] manifestBytes)
    {
        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(manifestBytes, BundleJsonContext.Default.BundleManifest);
        }
        catch (JsonException e)
        {
            throw new BundleRejectedException(BundleRejection.BadManifest, $"manifest.json is not a valid manifest: {e.Message}");
        }

        if (manifest is null)
        {
            throw new BundleRejectedException(BundleRejection.BadManifest, "manifest.json is null");
        }

        CheckManifest(manifest);
        return manifest;
    }

    private static void CheckManifest(BundleManifest manifest)
    {
        string? problem = manifest switch
        {
            { FormatVersion: not BundleManifest.CurrentFormatVersion } => $"manifest format version {manifest.FormatVersion} is not supported",
            { ModelId.Length: 0 } => "manifest modelId is empty",
            { Version: <= 0 } => $"manifest version must be positive, got {manifest.Version}",
            _ when !float.IsFinite(manifest.Threshold) => "manifest threshold is not a finite number",
            _ when !IsSha256Hex(manifest.Model.Sha256) => "manifest model.sha256 is not 64 lower-case hex digits",
            _ when !IsSha256Hex(manifest.TestVectorsSha256) => "manifest testVectorsSha256 is not 64 lower-case hex digits",
            _ when manifest.Model.InputShape.Count == 0 || manifest.Model.InputShape.Any(d => d <= 0) => "manifest model.inputShape must list positive dimensions",
            _ when !Version.TryParse(manifest.MinimumRuntimeVersion, out _) => $"manifest minimumRuntimeVersion '{manifest.MinimumRuntimeVersion}' is not a version",
            _ => null,
        };
        if (problem is null)
        {
            try
            {
                manifest.FeatureSpec.Validate();
            }
            catch (FormatException e)
            {
                problem = e.Message;
            }
        }

        if (problem is not null)
        {
            throw new BundleRejectedException(BundleRejection.BadManifest, problem);
        }
    }

    private static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
