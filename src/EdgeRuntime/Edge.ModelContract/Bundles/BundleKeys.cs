using System.Security.Cryptography;

namespace Edge.ModelContract.Bundles;

/// <summary>
/// The utility's ECDSA P-256 key that signs bundle manifests. The key id is the SHA-256 of the public key's
/// SubjectPublicKeyInfo (RFC 5280) encoding, so gateways can pick the right trusted key without trusting the bundle.
/// </summary>
public sealed class BundleSigningKey : IDisposable
{
    private readonly ECDsa _key;

    private BundleSigningKey(ECDsa key)
    {
        _key = key;
        KeyId = BundlePublicKey.ComputeKeyId(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>32-byte key id (SHA-256 of the public key).</summary>
    public byte[] KeyId { get; }

    public static BundleSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a PKCS#8 PEM private key; throws <see cref="FormatException"/> naming the file on anything else.</summary>
    public static BundleSigningKey LoadPrivateKeyPem(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                throw new FormatException($"{path}: the key is {key.KeySize}-bit; bundles are signed with ECDSA P-256");
            }

            _ = key.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"{path}: not an ECDSA P-256 private key in PEM form ({e.Message})", e);
        }

        return new BundleSigningKey(key);
    }

    /// <summary>
    /// Writes the private key as PKCS#8 PEM, readable by the owner only (0600 from the moment it exists, never wider).
    /// Refuses to overwrite an existing file.
    /// </summary>
    public void SavePrivateKeyPem(string path)
    {
        var pem = _key.ExportPkcs8PrivateKeyPem();
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }

    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Signature in IEEE P1363 form (r || s, 64 bytes) over SHA-256 of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public void Dispose() => _key.Dispose();
}

/// <summary>A public key a gateway trusts for bundle signatures.</summary>
public sealed class BundlePublicKey : IDisposable
{
    private readonly ECDsa _key;

    private BundlePublicKey(ECDsa key, byte[] keyId)
    {
        _key = key;
        KeyId = keyId;
    }

    public byte[] KeyId { get; }

    public string KeyIdHex => Convert.ToHexStringLower(KeyId);

    /// <summary>Parses a SubjectPublicKeyInfo PEM; <paramref name="source"/> names where it came from for errors.</summary>
    public static BundlePublicKey FromPem(string pem, string source)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize != 256)
            {
                throw new FormatException($"{source}: the key is {key.KeySize}-bit; bundle keys are ECDSA P-256");
            }
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"{source}: not an ECDSA P-256 public key in PEM form ({e.Message})", e);
        }

        return new BundlePublicKey(key, ComputeKeyId(key.ExportSubjectPublicKeyInfo()));
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    internal static byte[] ComputeKeyId(byte[] subjectPublicKeyInfo) => SHA256.HashData(subjectPublicKeyInfo);

    public void Dispose() => _key.Dispose();
}
