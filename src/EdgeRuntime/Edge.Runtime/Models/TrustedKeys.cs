using Edge.ModelContract.Bundles;

namespace Edge.Runtime.Models;

/// <summary>The public keys whose signatures the gateway accepts, read from the config's trusted key files.</summary>
public static class TrustedKeys
{
    /// <summary>Reads every file; a missing or malformed one is an error naming the file (no key is silently dropped).</summary>
    public static IReadOnlyList<BundlePublicKey> Load(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var keys = new List<BundlePublicKey>();
        try
        {
            foreach (var file in files)
            {
                string pem;
                try
                {
                    pem = File.ReadAllText(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new FormatException($"models.trustedKeyFiles: {file} cannot be read ({e.Message})", e);
                }

                keys.Add(BundlePublicKey.FromPem(pem, file));
            }
        }
        catch
        {
            keys.ForEach(k => k.Dispose());
            throw;
        }

        return keys;
    }
}
